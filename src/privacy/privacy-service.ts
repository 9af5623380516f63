import type { Consent, ErasureCounts, PrivacyStore, RetentionCounts, ShopperRecords } from '../db/privacy-store.js';

/** Drops (or flushes) what a component keeps in memory about these shoppers. */
export type Forgetter = (shopperIds: readonly string[]) => void | Promise<void>;
export type ShopperChange = 'consent' | 'erased';
export type ShoppersChangedListener = (shopperIds: readonly string[], change: ShopperChange) => void | Promise<void>;

/** What this process holds of a shopper outside the database, for the export. */
export interface InMemorySummary {
  /** Whether the shopper's recent state is cached here. */
  cached: boolean;
  /** Events in that cached recent history. */
  recentEvents: number;
}

export interface ShopperExport extends ShopperRecords {
  userId: string;
  exportedAt: Date;
  inMemory: InMemorySummary;
}

export const DAY_MS = 86_400_000;

/**
 * Consent, export, erasure and retention. In-memory holders of shopper state (caches, vectors,
 * write queues) register a forgetter; other processes learn of a change through
 * `onShoppersChanged` (the change bus forwards it, and calls `forgetLocally` on arrival).
 */
export class PrivacyService {
  private readonly forgetters: Forgetter[] = [];
  private readonly listeners = new Set<ShoppersChangedListener>();

  constructor(
    private readonly store: PrivacyStore,
    private readonly describeInMemory: (shopperId: string) => InMemorySummary = () => ({ cached: false, recentEvents: 0 }),
  ) {}

  addForgetter(forgetter: Forgetter): void {
    this.forgetters.push(forgetter);
  }

  /** Subscribes to consent changes and erasures made through this process; returns an unsubscribe. */
  onShoppersChanged(listener: ShoppersChangedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops this process's in-memory state of the shoppers (no broadcast). */
  async forgetLocally(shopperIds: readonly string[]): Promise<void> {
    for (const forget of this.forgetters) await forget(shopperIds);
  }

  /** Records the shopper's choices; the next page and the next training follow them. */
  async setConsent(shopperId: string, consent: Partial<Consent>) {
    const shopper = await this.store.setConsent(shopperId, consent);
    await this.changed([shopperId], 'consent');
    return shopper;
  }

  async exportData(shopperId: string, now = new Date()): Promise<ShopperExport> {
    const records = await this.store.records(shopperId);
    return { userId: shopperId, exportedAt: now, ...records, inMemory: this.describeInMemory(shopperId) };
  }

  /**
   * Deletes everything held about the shopper. In-memory state is dropped before the delete (so
   * queued writes cannot bring rows back after it) and again after it (a request in between may
   * have cached the old rows).
   */
  async erase(shopperId: string): Promise<ErasureCounts> {
    await this.forgetLocally([shopperId]);
    const counts = await this.store.erase(shopperId);
    await this.changed([shopperId], 'erased');
    return counts;
  }

  /** Deletes raw interactions and impressions older than `days` days. */
  applyRetention(days: number, options: { now?: Date; onBatch?: (deleted: RetentionCounts) => void } = {}): Promise<RetentionCounts> {
    const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
    return this.store.deleteEventsBefore(cutoff, { onBatch: options.onBatch });
  }

  private async changed(shopperIds: readonly string[], change: ShopperChange): Promise<void> {
    await this.forgetLocally(shopperIds);
    for (const listener of this.listeners) await listener(shopperIds, change);
  }
}
