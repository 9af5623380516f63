/** Where an item was shown: enough to attribute a later interaction to row, position and page. */
export interface ImpressionRef {
  pageId: string;
  rowId: string;
  /** 1-based position in the row. */
  position: number;
}

/** Opaque to storefronts, which only echo it back with interactions. */
export function encodeImpression(ref: ImpressionRef): string {
  return Buffer.from(JSON.stringify([ref.pageId, ref.rowId, ref.position]), 'utf8').toString('base64url');
}

/** The impression behind an id, or null when the id was not made by encodeImpression. */
export function decodeImpression(id: string): ImpressionRef | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [pageId, rowId, position] = value;
    return typeof pageId === 'string' && typeof rowId === 'string' && Number.isInteger(position) ? { pageId, rowId, position } : null;
  } catch {
    return null;
  }
}
