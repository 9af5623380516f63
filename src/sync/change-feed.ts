import type { InteractionEvent } from '../realtime/events.js';
import type { ChangeBus } from './change-bus.js';
import type { ChangeMessage, MerchandisingPart } from './messages.js';

/**
 * What services call after a write has committed, so the other gateway processes follow. A lost
 * message is not an error for the caller (the write is done and the polling safety net remains),
 * so failures are logged, not thrown.
 */
export class ChangeFeed {
  constructor(
    private readonly bus: ChangeBus,
    private readonly log: (message: string, details?: Record<string, unknown>) => void = () => undefined,
  ) {}

  interactionsRecorded(events: readonly InteractionEvent[], now = new Date()): Promise<void> {
    return this.send({
      kind: 'interactions',
      events: events.map((e) => ({ userId: e.userId, productId: e.productId, type: e.type, region: e.context?.region ?? null, occurredAt: (e.occurredAt ?? now).getTime() })),
    });
  }

  modelActivated(versionId: number): Promise<void> {
    return this.send({ kind: 'model-activated', versionId });
  }

  productsChanged(productIds: readonly string[]): Promise<void> {
    return this.send({ kind: 'products-changed', productIds: [...productIds] });
  }

  merchandisingChanged(part: MerchandisingPart, name?: string): Promise<void> {
    return this.send({ kind: 'merchandising-changed', part, ...(name ? { name } : {}) });
  }

  /** Shoppers erased or merged into another: every process drops what it holds of them. */
  shoppersForgotten(shopperIds: readonly string[]): Promise<void> {
    return this.send({ kind: 'shoppers-forgotten', shopperIds: [...shopperIds] });
  }

  private async send(message: ChangeMessage): Promise<void> {
    try {
      await this.bus.publish(message);
    } catch (error) {
      this.log('could not tell other processes about a change', { kind: message.kind, error: (error as Error).message });
    }
  }
}
