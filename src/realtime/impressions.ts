/**
 * Impression ids: where an item was shown and under which strategy, enough to attribute a later
 * interaction (and credit the bandit arm and experiment variant behind it) without reading the
 * database, on whichever replica the interaction arrives.
 */
export interface ImpressionRef {
  pageId: string;
  rowId: string;
  /** 1-based position in the row. */
  position: number;
  /** The bandit arm behind the slot: the row's kind, or "explore" for an exploration slot. */
  arm: string | null;
  /** The bandit's context segment when the page was composed. */
  segment: string | null;
  experimentId: string | null;
  variant: string | null;
}

// A version tag first, so that the layout can change without misreading ids already out there.
const VERSION = 1;

/** Opaque to storefronts, which only echo it back with interactions. */
export function encodeImpression(ref: ImpressionRef): string {
  const fields = [VERSION, ref.pageId, ref.rowId, ref.position, ref.arm, ref.segment, ref.experimentId, ref.variant];
  while (fields.at(-1) === null) fields.pop();
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

const optionalText = (value: unknown): value is string | null | undefined => value == null || typeof value === 'string';

/** The impression behind an id, or null when the id was not made by encodeImpression. */
export function decodeImpression(id: string): ImpressionRef | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length < 4 || value.length > 8 || value[0] !== VERSION) return null;
    const [, pageId, rowId, position, arm, segment, experimentId, variant] = value;
    if (typeof pageId !== 'string' || typeof rowId !== 'string' || !Number.isInteger(position) || position < 1) return null;
    if (![arm, segment, experimentId, variant].every(optionalText)) return null;
    return { pageId, rowId, position, arm: arm ?? null, segment: segment ?? null, experimentId: experimentId ?? null, variant: variant ?? null };
  } catch {
    return null;
  }
}
