import type { RetentionCounts } from '../db/privacy-store.js';
import type { PrivacyService } from './privacy-service.js';

export const RETENTION_INTERVAL_MS = 3_600_000;

export interface RetentionJob {
  /** One pass now (a pass already running is awaited instead of starting a second). */
  run(): Promise<RetentionCounts>;
  stop(): Promise<void>;
}

/**
 * Enforces the retention period in a serving process: a pass at start and then every hour, never
 * two at once. A failed pass is logged and retried at the next tick; serving goes on.
 */
export function startRetentionJob(
  privacy: PrivacyService,
  days: number,
  options: { intervalMs?: number; log?: (message: string, details?: Record<string, unknown>) => void } = {},
): RetentionJob {
  let running: Promise<RetentionCounts> | null = null;
  const run = () => {
    running ??= privacy.applyRetention(days).finally(() => (running = null));
    return running;
  };
  const tick = () =>
    void run().then(
      (deleted) => (deleted.interactions || deleted.impressions) && options.log?.('retention: deleted raw events past the retention period', { days, ...deleted }),
      (error) => options.log?.('retention: pass failed, retrying at the next tick', { error: (error as Error).message }),
    );
  const timer = setInterval(tick, options.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();
  tick();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
