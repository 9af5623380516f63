import type { PrismaClient } from '../../generated/prisma/client.js';

const WRITE_CHUNK = 500;
const READ_PAGE = 10_000;

/**
 * Item embeddings in the products' pgvector column, tagged with the model version that made
 * them. Raw SQL because Prisma has no vector type.
 */
export class EmbeddingRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly readPage = READ_PAGE,
  ) {}

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

  /**
   * Every embedding made by `modelId` (or those of `ids`), in id order, as one row-major matrix.
   * The whole catalog is read a page at a time: the embedded database builds a result in its
   * WebAssembly memory, which never shrinks, and 200,000 embeddings as text in one result left a
   * gateway over 2 GiB resident.
   */
  async load(modelId: number, dimension: number, ids?: readonly string[]): Promise<{ ids: string[]; vectors: Float32Array }> {
    if (ids) return toMatrix(await this.rows(modelId, 'AND id = ANY($2::text[]) ORDER BY id', [[...ids]]), dimension);
    // Each page is parsed before the next is read, so only one page's text is held at a time.
    const pages: { ids: string[]; vectors: Float32Array }[] = [];
    for (let after = ''; ; ) {
      const rows = await this.rows(modelId, `AND id > $2 ORDER BY id LIMIT ${this.readPage}`, [after]);
      pages.push(toMatrix(rows, dimension));
      if (rows.length < this.readPage) break;
      after = rows.at(-1)!.id;
    }
    const vectors = new Float32Array(pages.reduce((n, page) => n + page.vectors.length, 0));
    let offset = 0;
    for (const page of pages) {
      vectors.set(page.vectors, offset);
      offset += page.vectors.length;
    }
    return { ids: pages.flatMap((page) => page.ids), vectors };
  }

  private rows(modelId: number, filter: string, params: unknown[]): Promise<{ id: string; e: string }[]> {
    return this.prisma.$queryRawUnsafe<{ id: string; e: string }[]>(
      `SELECT id, embedding::text AS e FROM products WHERE embedding_model_id = $1 AND embedding IS NOT NULL ${filter}`,
      modelId,
      ...params,
    );
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

/** Rows in the database's id order (the order every gateway inserts them into its index in). */
function toMatrix(rows: readonly { id: string; e: string }[], dimension: number): { ids: string[]; vectors: Float32Array } {
  const vectors = new Float32Array(rows.length * dimension);
  rows.forEach((row, i) => vectors.set(JSON.parse(row.e) as number[], i * dimension));
  return { ids: rows.map((r) => r.id), vectors };
}
