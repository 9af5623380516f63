/** Progressive disclosure of one row: opaque cursors (item positions) over the row's full ranked list. */
import { InputError } from '../../errors.js';
import type { RankedItem } from '../types.js';
import type { HomeRow } from './compose.js';

export interface RowPage {
  row: HomeRow;
  /** Index in the row of the first item of this page. */
  start: number;
  items: RankedItem[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PREFIX = 'item:';

/** The cursor of the item at `index` of a row; `after` it, the row continues at `index + 1`. */
export function cursorAt(index: number): string {
  return Buffer.from(`${PREFIX}${index}`).toString('base64url');
}

/** The item index a cursor stands for; an InputError when it is not one of ours. */
export function indexOf(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const index = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(index) || index < 0) throw new InputError([{ field: 'after', message: 'is not a cursor of this row' }]);
  return index;
}

/**
 * `first` items of a row after the cursor (from the start without one); null when the page has
 * no such row. The home page shows `pageRow(page, id, itemsPerRow)`, so its end cursor
 * continues exactly where the visible part stops.
 */
export function pageRow(page: readonly HomeRow[], rowId: string, first: number, after?: string | null): RowPage | null {
  if (!Number.isSafeInteger(first) || first < 0) throw new InputError([{ field: 'first', message: 'must be a whole number, 0 or more' }]);
  const row = page.find((r) => r.id === rowId);
  if (!row) return null;
  const start = after ? Math.min(indexOf(after) + 1, row.items.length) : 0;
  const items = row.items.slice(start, start + first);
  const end = start + items.length;
  return {
    row,
    start,
    items,
    pageInfo: {
      hasNextPage: end < row.items.length,
      hasPreviousPage: start > 0,
      startCursor: items.length > 0 ? cursorAt(start) : null,
      endCursor: items.length > 0 ? cursorAt(end - 1) : null,
    },
  };
}
