import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src/db/repositories/embeddings.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const DIMENSION = 64;
const ids = Array.from({ length: 7 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
/** A distinct vector per product: its index in every component, plus the component's position. */
const vectorOf = (i: number) => Float32Array.from({ length: DIMENSION }, (_, d) => i + d / 1000);

describe('item embeddings in the products table', () => {
  let db: TestDatabase;
  // Pages of three rows: seven products take three queries.
  let embeddings: EmbeddingRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    embeddings = new EmbeddingRepository(db.prisma, 3);
    await db.prisma.brand.create({ data: { id: 'brand-a', slug: 'a', name: 'A' } });
    await db.prisma.product.createMany({
      data: [...ids, 'p-other'].map((id) => ({ id, title: id, brandId: 'brand-a', category: 'tote', colour: 'red', material: 'calfskin', price: 100, currency: 'EUR' })),
    });
    const vectors = new Float32Array(ids.length * DIMENSION);
    ids.forEach((_, i) => vectors.set(vectorOf(i), i * DIMENSION));
    // Written in reverse, so that the order read back is the database's and not the writer's.
    await embeddings.write(1, [...ids].reverse(), reversedRows(vectors), DIMENSION);
    await embeddings.write(2, ['p-other'], vectorOf(99), DIMENSION);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("loads every one of a model's embeddings over several pages, in id order, value for value", async () => {
    const loaded = await embeddings.load(1, DIMENSION);
    expect(loaded.ids).toEqual(ids);
    ids.forEach((_, i) => expect(loaded.vectors.subarray(i * DIMENSION, (i + 1) * DIMENSION)).toEqual(vectorOf(i)));
  });

  it('loads only the products asked for, and none made by another model', async () => {
    const loaded = await embeddings.load(1, DIMENSION, ['p-05', 'p-01', 'p-other']);
    expect(loaded.ids).toEqual(['p-01', 'p-05']);
    expect(loaded.vectors.subarray(DIMENSION)).toEqual(vectorOf(5));
    expect(await embeddings.staleIds(1)).toEqual(['p-other']);
  });
});

function reversedRows(vectors: Float32Array): Float32Array {
  const reversed = new Float32Array(vectors.length);
  for (let i = 0; i < ids.length; i++) reversed.set(vectors.subarray(i * DIMENSION, (i + 1) * DIMENSION), (ids.length - 1 - i) * DIMENSION);
  return reversed;
}
