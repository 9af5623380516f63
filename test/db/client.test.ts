import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { testBackend } from '../support/database.js';

describe.skipIf(testBackend !== 'pglite')('embedded database in a data folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-data-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('persists across restarts, with pgvector, and refuses a second process on the same folder', async () => {
    const first = await openDatabase({ dataDir });
    await first.prisma.brand.create({ data: { id: 'brand-a', slug: 'a', name: 'A' } });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/is in use by another vitrine process/);
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await second.prisma.brand.findMany({ select: { id: true } })).toEqual([{ id: 'brand-a' }]);
      const [{ distance }] = await second.sql.query<{ distance: number }>(`SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector AS distance`);
      expect(distance).toBeCloseTo(1);
    } finally {
      await second.close();
    }
  });
});
