import type { InteractionType } from '../realtime/events.js';

/** What a merchandiser changed; receivers reload that part. */
export type MerchandisingPart = 'rules' | 'configs' | 'collections';

/** One recorded event as replicas need it: popularity moves and the shopper's cached state is stale. */
export interface RecordedEvent {
  userId: string;
  productId: string;
  type: InteractionType;
  region: string | null;
  occurredAt: number;
}

/**
 * A change made by one gateway process that the others must reflect. Messages carry ids, not
 * data: receivers reload what changed from the database, which already holds it (messages are
 * sent after the commit).
 */
export type ChangeMessage =
  | { kind: 'interactions'; events: RecordedEvent[] }
  | { kind: 'model-activated'; versionId: number }
  | { kind: 'products-changed'; productIds: string[] }
  | { kind: 'merchandising-changed'; part: MerchandisingPart; name?: string }
  | { kind: 'shoppers-forgotten'; shopperIds: string[] };

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; this leaves room for the envelope. */
export const MAX_PAYLOAD_BYTES = 7_900;

type Wire =
  | { o: string; k: 'i'; e: [string, string, InteractionType, string | null, number][] }
  | { o: string; k: 'm'; v: number }
  | { o: string; k: 'p'; ids: string[] }
  | { o: string; k: 'r'; part: MerchandisingPart; name?: string }
  | { o: string; k: 'f'; ids: string[] };

/** The compact JSON a message travels as, tagged with the sending process (`origin`). */
export function encodeMessage(origin: string, message: ChangeMessage): string {
  const wire: Wire = (() => {
    switch (message.kind) {
      case 'interactions':
        return { o: origin, k: 'i' as const, e: message.events.map((e) => [e.userId, e.productId, e.type, e.region, e.occurredAt] as [string, string, InteractionType, string | null, number]) };
      case 'model-activated':
        return { o: origin, k: 'm' as const, v: message.versionId };
      case 'products-changed':
        return { o: origin, k: 'p' as const, ids: message.productIds };
      case 'merchandising-changed':
        return { o: origin, k: 'r' as const, part: message.part, ...(message.name ? { name: message.name } : {}) };
      case 'shoppers-forgotten':
        return { o: origin, k: 'f' as const, ids: message.shopperIds };
    }
  })();
  return JSON.stringify(wire);
}

/** The message in a payload and who sent it; null for payloads this version does not understand. */
export function decodeMessage(payload: string): { origin: string; message: ChangeMessage } | null {
  let wire: Wire;
  try {
    wire = JSON.parse(payload) as Wire;
  } catch {
    return null;
  }
  if (typeof wire !== 'object' || wire === null || typeof wire.o !== 'string') return null;
  const origin = wire.o;
  switch (wire.k) {
    case 'i':
      return Array.isArray(wire.e)
        ? { origin, message: { kind: 'interactions', events: wire.e.map(([userId, productId, type, region, occurredAt]) => ({ userId, productId, type, region, occurredAt })) } }
        : null;
    case 'm':
      return Number.isInteger(wire.v) ? { origin, message: { kind: 'model-activated', versionId: wire.v } } : null;
    case 'p':
      return Array.isArray(wire.ids) ? { origin, message: { kind: 'products-changed', productIds: wire.ids } } : null;
    case 'r':
      return ['rules', 'configs', 'collections'].includes(wire.part)
        ? { origin, message: { kind: 'merchandising-changed', part: wire.part, ...(wire.name ? { name: wire.name } : {}) } }
        : null;
    case 'f':
      return Array.isArray(wire.ids) ? { origin, message: { kind: 'shoppers-forgotten', shopperIds: wire.ids } } : null;
    default:
      return null;
  }
}

/**
 * Encoded payloads of at most `maxBytes` each: messages with lists (events, ids) are halved until
 * every part fits, so a batch of 1,000 events becomes a handful of notifications.
 */
export function encodeInPayloads(origin: string, message: ChangeMessage, maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const payload = encodeMessage(origin, message);
  if (Buffer.byteLength(payload) <= maxBytes) return [payload];
  const halves = split(message);
  if (!halves) throw new Error(`a ${message.kind} change message cannot be split below ${maxBytes} bytes`);
  return halves.flatMap((half) => encodeInPayloads(origin, half, maxBytes));
}

function split(message: ChangeMessage): [ChangeMessage, ChangeMessage] | null {
  const halve = <T>(list: T[]): [T[], T[]] | null => (list.length < 2 ? null : [list.slice(0, list.length >> 1), list.slice(list.length >> 1)]);
  switch (message.kind) {
    case 'interactions': {
      const parts = halve(message.events);
      return parts && [{ ...message, events: parts[0] }, { ...message, events: parts[1] }];
    }
    case 'products-changed': {
      const parts = halve(message.productIds);
      return parts && [{ ...message, productIds: parts[0] }, { ...message, productIds: parts[1] }];
    }
    case 'shoppers-forgotten': {
      const parts = halve(message.shopperIds);
      return parts && [{ ...message, shopperIds: parts[0] }, { ...message, shopperIds: parts[1] }];
    }
    default:
      return null;
  }
}
