import { LRUCache } from 'lru-cache';
import { ArmStats, success, SUCCESS_TYPES, trial, type ArmCounts } from '../recommend/bandit/arm-stats.js';
import { examination } from '../recommend/bandit/examination.js';
import { betaSampler, seedOf } from '../recommend/bandit/beta-sampler.js';
import { EXPLORE_ARM, type ItemExposure } from '../recommend/bandit/exploration.js';
import { thompsonOrder } from '../recommend/bandit/row-order.js';
import { segmentOf } from '../recommend/bandit/segment.js';
import type { RankingConfig, RowKind } from '../recommend/rank/ranking-config.js';
import type { ComposeInput } from '../recommend/rows/compose.js';
import type { RankedItem, RequestContext } from '../recommend/types.js';
import type { InteractionEvent } from '../realtime/events.js';
import type { ImpressionRecorder, ImpressionRecorderStats } from '../realtime/impression-recorder.js';
import { decodeImpression, encodeImpression, type ImpressionRef } from '../realtime/impressions.js';
import type { BanditStore } from './bandit-store.js';

/**
 * Draws are seeded per shopper, segment and window of this length, so that `row` (which
 * recomposes the page to page deeper into a row) sees the rows and exploration picks the
 * shopper saw; across windows and shoppers the draws vary, which is what Thompson sampling needs.
 */
export const DRAW_WINDOW_MS = 15 * 60_000;
const EXPOSURE_WINDOW_DAYS = 30;
const CREDITED_MEMORY = 100_000;

export interface PagePlan {
  /** The configuration with its rows in the order the bandit drew. */
  config: RankingConfig;
  exploration: ComposeInput['exploration'];
  segment: string;
}

/** What impression ids and rows of one rendered page share. */
export interface ShownPage {
  pageId: string;
  userId: string | null;
  segment: string | null;
  experiment: { id: string; variant: string } | null;
}

export interface ShownRow {
  id: string;
  kind: RowKind;
  /** 1-based place of the row on its page. */
  rank: number;
}

/** Where each item of a row slice was shown, and under which arm (the row's kind, or exploration). */
export function impressionRefs(page: ShownPage, row: ShownRow, start: number, items: readonly RankedItem[]): ImpressionRef[] {
  return items.map((item, i) => ({
    pageId: page.pageId,
    rowId: row.id,
    position: start + i + 1,
    arm: item.reason.code === 'EXPLORE' ? EXPLORE_ARM : row.kind,
    segment: page.segment,
    experimentId: page.experiment?.id ?? null,
    variant: page.experiment?.variant ?? null,
    rowRank: row.rank,
  }));
}

export interface FeedbackLoopOptions {
  store: BanditStore;
  recorder: ImpressionRecorder;
  /** How often deltas are written and totals reloaded (0: only on flush, start and stop). */
  syncMs?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * The learning side of home pages: records what was shown (through the impression recorder),
 * counts bandit trials and attributed successes, and plans each page's row order and
 * exploration slots from the posteriors. Posteriors are the totals read from storage plus what
 * this process added since; deltas are written with atomic additions and totals reloaded
 * periodically, so replicas on one PostgreSQL learn together and the state survives restarts.
 */
export class FeedbackLoop {
  private base = new ArmStats();
  private pending = new ArmStats();
  private inflight = new ArmStats();
  private exposures = new Map<string, ItemExposure>();
  // A page's row is one trial however many of its items are clicked, and a slot one trial
  // however many events follow it (click, then add to bag, then purchase).
  private readonly credited = new LRUCache<string, true>({ max: CREDITED_MEMORY });
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FeedbackLoopOptions) {}

  /** Loads the totals and recent exposures, then keeps them in sync in the background. */
  async start(now = new Date()): Promise<void> {
    const [arms, exposures] = await Promise.all([
      this.options.store.loadArms(),
      this.options.store.loadExposures(new Date(now.getTime() - EXPOSURE_WINDOW_DAYS * 86_400_000)),
    ]);
    this.base = ArmStats.of(arms);
    for (const [productId, exposure] of exposures) {
      const local = this.exposures.get(productId);
      this.exposures.set(productId, local ? { shown: local.shown + exposure.shown, successes: local.successes + exposure.successes } : exposure);
    }
    if (this.options.syncMs) {
      this.timer = setInterval(() => void this.sync().catch(() => undefined), this.options.syncMs);
      this.timer.unref();
    }
  }

  /** Row order and exploration for one page; `key` names the viewer (and configuration). */
  plan(config: RankingConfig, context: RequestContext, key: string): PagePlan {
    const segment = segmentOf(context);
    const { rowOrder, explorationShare } = config.bandit;
    // Seeding a sampler costs about 0.15 ms: only for pages that draw.
    if (!rowOrder && !(explorationShare > 0)) return { config, exploration: undefined, segment };
    const sample = betaSampler(seedOf(`${key}|${segment}|${Math.floor(context.now.getTime() / DRAW_WINDOW_MS)}`));
    const rows = rowOrder ? thompsonOrder<RowKind>(config.rows, (arm) => this.counts(segment, arm), sample) : config.rows;
    const exploration = explorationShare > 0 ? { share: explorationShare, exposure: (id: string) => this.exposure(id), sample } : undefined;
    return { config: rows === config.rows ? config : { ...config, rows }, exploration, segment };
  }

  /**
   * Impression ids of a row's shown items; records them, as one slice, without waiting for the database.
   * `trial`: the row counts as shown on a new page (homeRows), not as paged deeper (row).
   */
  shown(page: ShownPage, row: ShownRow, start: number, items: readonly RankedItem[], options: { trial: boolean }): string[] {
    const refs = impressionRefs(page, row, start, items);
    this.options.recorder.record([
      {
        pageId: page.pageId,
        userId: page.userId,
        rowId: row.id,
        rowKind: row.kind,
        firstPosition: start + 1,
        productIds: items.map((item) => item.productId),
        arms: refs.map((ref) => ref.arm),
        experimentId: page.experiment?.id ?? null,
        variant: page.experiment?.variant ?? null,
        segment: page.segment,
        shownAt: new Date(),
      },
    ]);
    const shownTrial = trial(examination(row.rank));
    for (const [i, ref] of refs.entries()) {
      const exposure = this.exposures.get(items[i].productId);
      if (exposure) exposure.shown++;
      else this.exposures.set(items[i].productId, { shown: 1, successes: 0 });
      if (options.trial && ref.arm === EXPLORE_ARM && page.segment) this.pending.add(page.segment, EXPLORE_ARM, shownTrial);
    }
    if (options.trial && page.segment && items.length > 0) this.pending.add(page.segment, row.kind, shownTrial);
    return refs.map(encodeImpression);
  }

  /** Credits the arms and items behind recorded events (call once per event, on the replica that recorded it). */
  interactionsRecorded(events: readonly InteractionEvent[]): void {
    for (const event of events) {
      if (!event.impressionId || !SUCCESS_TYPES.has(event.type)) continue;
      const ref = decodeImpression(event.impressionId);
      if (!ref) continue;
      const slot = `${ref.pageId}\u0000${ref.rowId}\u0000${ref.position}`;
      if (!this.credited.has(slot)) {
        this.credited.set(slot, true);
        const exposure = this.exposures.get(event.productId);
        if (exposure) exposure.successes = Math.min(exposure.shown, exposure.successes + 1);
      }
      if (!ref.segment || !ref.arm) continue;
      const trial = ref.arm === EXPLORE_ARM ? `arm\u0000${slot}` : `arm\u0000${ref.pageId}\u0000${ref.rowId}`;
      if (this.credited.has(trial)) continue;
      this.credited.set(trial, true);
      // The weight its trial was counted with: ids made before ranks were recorded counted 1.
      this.pending.add(ref.segment, ref.arm, success(ref.rowRank === null ? 1 : examination(ref.rowRank)));
    }
  }

  /** An arm's evidence: stored totals plus this process's deltas not yet in them. */
  counts(segment: string, arm: string): ArmCounts {
    const parts = [this.base.get(segment, arm), this.pending.get(segment, arm), this.inflight.get(segment, arm)];
    return { successes: parts.reduce((sum, p) => sum + p.successes, 0), failures: parts.reduce((sum, p) => sum + p.failures, 0) };
  }

  /** The impression queue's state (for metrics and tests). */
  stats(): ImpressionRecorderStats {
    return this.options.recorder.stats();
  }

  exposure(productId: string): ItemExposure {
    return this.exposures.get(productId) ?? { shown: 0, successes: 0 };
  }

  /** Writes the deltas, then reloads the totals (which then include other replicas' deltas). */
  sync(): Promise<void> {
    return this.serially(async () => {
      await this.writeDeltas();
      this.base = ArmStats.of(await this.options.store.loadArms());
    });
  }

  /** Drops the queued impressions of these shoppers (erasure); bandit evidence holds no shopper ids. */
  forget(userIds: readonly string[]): Promise<void> {
    return this.options.recorder.forget(userIds);
  }

  /** Writes queued impressions and bandit deltas; rejects when the database refused them (they stay queued). */
  async flush(): Promise<void> {
    await Promise.all([this.options.recorder.flush(), this.serially(() => this.writeDeltas())]);
  }

  /** Stops background syncing and writes what is left; logs rather than rejects. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.options.recorder.stop();
    try {
      await this.serially(() => this.writeDeltas());
    } catch (error) {
      this.options.log?.('bandit evidence lost at shutdown: the database did not accept it', { error: (error as Error).message });
    }
  }

  private async writeDeltas(): Promise<void> {
    if (this.pending.size === 0) return;
    this.inflight = this.pending;
    this.pending = new ArmStats();
    try {
      await this.options.store.addArms([...this.inflight.entries()]);
      this.base.addAll(this.inflight);
    } catch (error) {
      this.pending.addAll(this.inflight);
      this.options.log?.('could not write bandit evidence; will retry', { error: (error as Error).message });
      throw error;
    } finally {
      this.inflight = new ArmStats();
    }
  }

  /** Writes and reloads one at a time, so that a reload never misses or double-counts a write in flight. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
