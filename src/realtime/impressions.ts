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
  /** 1-based place of the row on its page (null in ids made before it was recorded). */
  rowRank: number | null;
}

// A version tag first, so that the layout can change without misreading ids already out there.
// Version 2 appended the row's rank; version 1 ids, still echoed back by open pages, decode without it.
const VERSION = 2;
const VERSIONS = new Set([1, VERSION]);

/** Opaque to storefronts, which only echo it back with interactions. */
export function encodeImpression(ref: ImpressionRef): string {
  const fields = [VERSION, ref.pageId, ref.rowId, ref.position, ref.arm, ref.segment, ref.experimentId, ref.variant, ref.rowRank];
  while (fields.at(-1) === null) fields.pop();
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

const optionalText = (value: unknown): value is string | null | undefined => value == null || typeof value === 'string';

/** The impression behind an id, or null when the id was not made by encodeImpression. */
export function decodeImpression(id: string): ImpressionRef | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length < 4 || value.length > 9 || !VERSIONS.has(value[0])) return null;
    const [version, pageId, rowId, position, arm, segment, experimentId, variant, rowRank] = value;
    if (typeof pageId !== 'string' || typeof rowId !== 'string' || !Number.isInteger(position) || position < 1) return null;
    if (![arm, segment, experimentId, variant].every(optionalText)) return null;
    if (version === 1 ? rowRank !== undefined : rowRank != null && !(Number.isInteger(rowRank) && rowRank >= 1)) return null;
    return {
      pageId,
      rowId,
      position,
      arm: arm ?? null,
      segment: segment ?? null,
      experimentId: experimentId ?? null,
      variant: variant ?? null,
      rowRank: rowRank ?? null,
    };
  } catch {
    return null;
  }
}
