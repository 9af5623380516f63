import type { ImpressionRow } from '../db/insert-impressions.js';

export interface ImpressionRecorderOptions {
  /** Writes one batch durably (e.g. insertImpressions); rejects when it could not. */
  write(rows: readonly ImpressionRow[]): Promise<unknown>;
  /** Rows per write; a queue this long is written at once. */
  batchSize?: number;
  /** Longest time a row waits in the queue while the database is healthy. */
  flushMs?: number;
  /** Rows kept while the database is unavailable; beyond it the oldest are dropped (and counted). */
  maxQueued?: number;
  /** First wait before retrying a failed write; doubles per failure up to 30 s. */
  retryMs?: number;
  log?: (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export interface ImpressionRecorderStats {
  queued: number;
  written: number;
  dropped: number;
  failedWrites: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * Records what pages showed without making the page wait for the database: rows are queued in
 * memory and written in batches, when a batch is full or after `flushMs`. A failed write keeps
 * its rows and is retried with backoff; while the database stays down the queue is capped and
 * the oldest rows go first, so memory stays bounded. `stop()` writes what is left, so a clean
 * shutdown loses nothing.
 */
export class ImpressionRecorder {
  private queue: ImpressionRow[] = [];
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private consecutiveFailures = 0;
  private droppingWarned = false;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly maxQueued: number;
  private readonly retryMs: number;
  private readonly counts = { written: 0, dropped: 0, failedWrites: 0 };

  constructor(private readonly options: ImpressionRecorderOptions) {
    this.batchSize = options.batchSize ?? 1_000;
    this.flushMs = options.flushMs ?? 1_000;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.retryMs = options.retryMs ?? 1_000;
  }

  record(rows: readonly ImpressionRow[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.queue.push(row);
    this.bound();
    if (this.queue.length >= this.batchSize && this.consecutiveFailures === 0) void this.drainInBackground();
    else this.schedule(this.flushMs);
  }

  /** Writes everything queued; rejects if a write fails (the rows stay queued for a retry). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 || this.draining) {
      await (this.draining ?? this.drain());
    }
  }

  /**
   * Stops the timer and writes what is queued, trying a few times; never rejects, because a
   * shutdown must go on even when the database is gone (what could not be written is logged).
   */
  async stop(attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.flush();
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.options.log?.('error', 'impressions lost at shutdown: the database did not accept them', { lost: this.queue.length, error: (error as Error).message });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      } finally {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
  }

  /**
   * Drops the queued rows of these shoppers (erasure) and waits for a write already under way, so
   * that nothing of theirs reaches the database after this resolves.
   */
  async forget(userIds: readonly string[]): Promise<void> {
    const ids = new Set(userIds);
    this.queue = this.queue.filter((row) => row.userId === null || !ids.has(row.userId));
    await this.draining?.catch(() => undefined);
  }

  stats(): ImpressionRecorderStats {
    return { queued: this.queue.length, ...this.counts };
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drainInBackground();
    }, delayMs);
    this.timer.unref();
  }

  private async drainInBackground(): Promise<void> {
    try {
      await (this.draining ?? this.drain());
    } catch {
      // Logged and rescheduled by drain.
    }
  }

  /** One drain at a time: batches go out in order, and a flush waits for the drain in flight. */
  private drain(): Promise<void> {
    this.draining ??= this.writeQueued().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.options.write(batch);
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.bound();
        this.counts.failedWrites++;
        this.consecutiveFailures++;
        const delay = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** (this.consecutiveFailures - 1));
        this.options.log?.('warn', 'could not write impressions; will retry', { queued: this.queue.length, retryInMs: delay, error: (error as Error).message });
        this.schedule(delay);
        throw error;
      }
      this.counts.written += batch.length;
      this.consecutiveFailures = 0;
      this.droppingWarned = false;
    }
  }

  private bound(): void {
    const excess = this.queue.length - this.maxQueued;
    if (excess <= 0) return;
    // Once per outage: the stats keep the running count.
    if (!this.droppingWarned) this.options.log?.('warn', 'impression queue full: dropping the oldest impressions', { maxQueued: this.maxQueued });
    this.droppingWarned = true;
    this.queue.splice(0, excess);
    this.counts.dropped += excess;
  }
}
