import type { PrismaClient } from '../../generated/prisma/client.js';

const WRITE_CHUNK = 500;

/**
 * Item embeddings in the products' pgvector column, tagged with the model version that made
 * them. Raw SQL because Prisma has no vector type.
 */
export class EmbeddingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async write(modelId: number, ids: readonly string[], vectors: Float32Array, dimension: number): Promise<void> {
    for (let start = 0; start < ids.length; start += WRITE_CHUNK) {
      const chunk = ids.slice(start, start + WRITE_CHUNK);
      const literals = chunk.map((_, i) => vectorLiteral(vectors.subarray((start + i) * dimension, (start + i + 1) * dimension)));
      await this.prisma.$executeRawUnsafe(
        `UPDATE products AS p SET embedding = v.e::vector, embedding_model_id = $1
         FROM unnest($2::text[], $3::text[]) AS v(id, e) WHERE p.id = v.id`,
        modelId,
        chunk,
        literals,
      );
    }
  }

  /** Every embedding made by `modelId` (or those of `ids`), as one row-major matrix. */
  async load(modelId: number, dimension: number, ids?: readonly string[]): Promise<{ ids: string[]; vectors: Float32Array }> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; e: string }[]>(
      `SELECT id, embedding::text AS e FROM products
       WHERE embedding_model_id = $1 AND embedding IS NOT NULL ${ids ? 'AND id = ANY($2::text[])' : ''} ORDER BY id`,
      modelId,
      ...(ids ? [[...ids]] : []),
    );
    const vectors = new Float32Array(rows.length * dimension);
    rows.forEach((row, i) => vectors.set(JSON.parse(row.e) as number[], i * dimension));
    return { ids: rows.map((r) => r.id), vectors };
  }

  /** Products without an embedding from `modelId` (created or changed since it was activated). */
  async staleIds(modelId: number): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM products WHERE embedding_model_id IS DISTINCT FROM $1 OR embedding IS NULL ORDER BY id`,
      modelId,
    );
    return rows.map((r) => r.id);
  }
}

function vectorLiteral(values: Float32Array): string {
  return `[${Array.from(values, (v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;
}
