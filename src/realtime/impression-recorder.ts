import { itemsOf, type ImpressionSlice } from '../db/insert-impressions.js';

export interface ImpressionRecorderOptions {
  /** Writes one batch of slices durably (e.g. insertImpressions); rejects when it could not. */
  write(slices: readonly ImpressionSlice[]): Promise<unknown>;
  /** Items per write (whole slices, at least one); a queue holding this many is written at once. */
  batchSize?: number;
  /** Longest time a slice waits in the queue while the database is healthy. */
  flushMs?: number;
  /** Items kept while the database is unavailable; beyond it the oldest slices are dropped (and their items counted). */
  maxQueued?: number;
  /** First wait before retrying a failed write; doubles per failure up to 30 s. */
  retryMs?: number;
  log?: (level: 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

/** Counted in items (products shown), whatever the slices they came in. */
export interface ImpressionRecorderStats {
  queued: number;
  written: number;
  dropped: number;
  failedWrites: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * Records what pages showed without making the page wait for the database: slices are queued in
 * memory and written in batches, when a batch is full or after `flushMs`. A failed write keeps
 * its slices and is retried with backoff; while the database stays down the queue is capped and
 * the oldest slices go first, so memory stays bounded. `stop()` writes what is left, so a clean
 * shutdown loses nothing. Sizes count items, so a bound means the same whatever the row length.
 */
export class ImpressionRecorder {
  private queue: ImpressionSlice[] = [];
  private queuedItems = 0;
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

  record(slices: readonly ImpressionSlice[]): void {
    for (const slice of slices) {
      if (slice.productIds.length === 0) continue;
      this.queue.push(slice);
      this.queuedItems += slice.productIds.length;
    }
    if (this.queue.length === 0) return;
    this.bound();
    if (this.queuedItems >= this.batchSize && this.consecutiveFailures === 0) void this.drainInBackground();
    else this.schedule(this.flushMs);
  }

  /** Writes everything queued; rejects if a write fails (the slices stay queued for a retry). */
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
          this.options.log?.('error', 'impressions lost at shutdown: the database did not accept them', { lost: this.queuedItems, error: (error as Error).message });
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
   * Drops the queued slices of these shoppers (erasure) and waits for a write already under way,
   * so that nothing of theirs reaches the database after this resolves.
   */
  async forget(userIds: readonly string[]): Promise<void> {
    const ids = new Set(userIds);
    const drop = () => {
      this.queue = this.queue.filter((slice) => slice.userId === null || !ids.has(slice.userId));
      this.queuedItems = itemsOf(this.queue);
    };
    drop();
    await this.draining?.catch(() => undefined);
    // A write that failed meanwhile put its batch back in the queue.
    drop();
  }

  stats(): ImpressionRecorderStats {
    return { queued: this.queuedItems, ...this.counts };
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
      const batch = this.takeBatch();
      const items = itemsOf(batch);
      try {
        await this.options.write(batch);
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.queuedItems += items;
        this.bound();
        this.counts.failedWrites++;
        this.consecutiveFailures++;
        const delay = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** (this.consecutiveFailures - 1));
        this.options.log?.('warn', 'could not write impressions; will retry', { queued: this.queuedItems, retryInMs: delay, error: (error as Error).message });
        this.schedule(delay);
        throw error;
      }
      this.counts.written += items;
      this.consecutiveFailures = 0;
      this.droppingWarned = false;
    }
  }

  /** The oldest slices, up to batchSize items (at least one slice). */
  private takeBatch(): ImpressionSlice[] {
    let count = 0;
    let items = 0;
    while (count < this.queue.length && (count === 0 || items + this.queue[count].productIds.length <= this.batchSize)) {
      items += this.queue[count].productIds.length;
      count++;
    }
    this.queuedItems -= items;
    return this.queue.splice(0, count);
  }

  private bound(): void {
    if (this.queuedItems <= this.maxQueued) return;
    // Once per outage: the stats keep the running count.
    if (!this.droppingWarned) this.options.log?.('warn', 'impression queue full: dropping the oldest impressions', { maxQueued: this.maxQueued });
    this.droppingWarned = true;
    let count = 0;
    let dropped = 0;
    while (this.queuedItems - dropped > this.maxQueued) dropped += this.queue[count++].productIds.length;
    this.queue.splice(0, count);
    this.queuedItems -= dropped;
    this.counts.dropped += dropped;
  }
}
