import type { ItemVectors } from './item-vectors.js';
import type { Neighbour } from './vector-index.js';

export type SqlQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const literal = (v: Float32Array) => `[${Array.from(v).join(',')}]`;

/**
 * Nearest neighbours straight from the products' pgvector column (HNSW index on cosine
 * distance), for catalogs too large to keep in every gateway's memory. Reads only vectors made
 * by `modelId`, so a half-written switch to another model never mixes two embedding spaces.
 */
export function pgvectorItemVectors(query: SqlQuery, modelId: number): ItemVectors {
  return {
    kind: 'pgvector',
    async size() {
      const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE embedding_model_id = $1 AND embedding IS NOT NULL`, [modelId]);
      return row.n;
    },
    async get(id) {
      const [row] = await query<{ e: string }>(`SELECT embedding::text AS e FROM products WHERE id = $1 AND embedding_model_id = $2`, [id, modelId]);
      return row ? Float32Array.from(JSON.parse(row.e) as number[]) : undefined;
    },
    async put() {
      // The caller has already written the vectors to the column this search reads.
    },
    async nearest(vector, k, exclude) {
      const rows = await query<{ id: string; score: number }>(
        `SELECT id, 1 - (embedding <=> $1::vector) AS score FROM products
         WHERE embedding_model_id = $2 AND embedding IS NOT NULL AND NOT (id = ANY($3::text[]))
         ORDER BY embedding <=> $1::vector LIMIT $4`,
        [literal(vector), modelId, [...(exclude ?? [])], k],
      );
      return rows.map((r): Neighbour => ({ id: r.id, score: Number(r.score) }));
    },
  };
}
