import { GraphQLError } from 'graphql';
import type { Connection } from './types/connection.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

// Cursors are opaque to clients; the prefix lets a cursor from another list be recognised.
const encodeCursor = (kind: string, id: string) => Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');

export function decodeCursor(kind: string, cursor: string | null | undefined): string | undefined {
  if (cursor == null) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith(`${kind}:`) || decoded.length === kind.length + 1) {
    throw new GraphQLError(`after: "${truncate(cursor)}" is not a valid ${kind} cursor; pass the endCursor of a previous page, or omit it to start at the beginning`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return decoded.slice(kind.length + 1);
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first: must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
  }
  return size;
}

/** Builds a connection from rows fetched with one extra row beyond the page. */
export function toConnection<T extends { id: string }>(
  kind: string,
  rows: T[],
  size: number,
  hasPrevious: boolean,
  countTotal: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(kind, node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    countTotal,
  };
}

function truncate(text: string) {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
