import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { importOnlineRetail, type ImportReport } from '../../src/import/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dataset } from './datasets.js';

const retail = dataset('uci-online-retail/online_retail.csv.gz');
if (!retail.present) console.warn(`UCI Online Retail not found at ${retail.path}: skipping its import tests`);

const LIMIT = 30_000;

/** What the first LIMIT data lines should import, counted by the simplest reading of the rules. */
async function expectedSlice() {
  const text = gunzipSync(await readFile(retail.path)).toString('utf8');
  const slice = text.split('\n').slice(0, LIMIT + 1).join('\n');
  const rows: Record<string, string>[] = parse(slice, { columns: true });
  const kept = rows.filter((row) => row.CustomerID !== '' && /^\d/.test(row.StockCode));
  const isReturn = (row: Record<string, string>) => row.InvoiceNo.startsWith('C');
  const valid = kept.filter((row) => isReturn(row) || Number(row.UnitPrice) > 0);
  return {
    rows,
    interactions: valid.length,
    returns: valid.filter(isReturn),
    products: new Set(valid.map((row) => row.StockCode)).size,
    users: new Set(valid.map((row) => row.CustomerID)).size,
    skippedNoCustomer: rows.filter((row) => row.CustomerID === '').length,
    skippedNonProduct: rows.filter((row) => row.CustomerID !== '' && !/^\d/.test(row.StockCode)).length,
    bad: kept.length - valid.length,
  };
}

describe.skipIf(!retail.present)(`importOnlineRetail on the first ${LIMIT} lines of UCI Online Retail`, () => {
  let db: TestDatabase;
  let expected: Awaited<ReturnType<typeof expectedSlice>>;
  let first: ImportReport;

  beforeAll(async () => {
    expected = await expectedSlice();
    db = await createTestDatabase();
    first = await importOnlineRetail(db.prisma, retail.path, { progress: silentProgress, limit: LIMIT });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports the slice as counted independently', async () => {
    expect(expected.rows).toHaveLength(LIMIT);
    expect(first).toMatchObject({
      products: expected.products,
      users: expected.users,
      interactions: expected.interactions,
      skippedNoCustomer: expected.skippedNoCustomer,
      skippedNonProduct: expected.skippedNonProduct,
      duplicates: 0,
    });
    expect(first.badRows.count).toBe(expected.bad);
    expect(first.badRows.samples.every((row) => /non-positive UnitPrice/.test(row.reason))).toBe(true);
    expect(await db.prisma.interaction.count()).toBe(expected.interactions);
    expect(await db.prisma.product.count({ where: { brand: { slug: 'online-retail' } } })).toBe(expected.products);
    expect(await db.prisma.user.count()).toBe(expected.users);
  });

  it('reports bad rows by their line in the file', () => {
    for (const { line } of first.badRows.samples) {
      const row = expected.rows[line - 2];
      expect(Number(row.UnitPrice)).toBeLessThanOrEqual(0);
    }
  });

  it('turns cancellations into RETURN interactions with the units returned', async () => {
    expect(expected.returns.length).toBeGreaterThan(0);
    const returns = await db.prisma.interaction.findMany({ where: { type: 'RETURN' }, orderBy: { id: 'asc' } });
    expect(returns).toHaveLength(expected.returns.length);
    expect(returns.map((row) => row.quantity)).toEqual(expected.returns.map((row) => Math.abs(Number(row.Quantity))));
    expect(returns.every((row) => row.eventId!.startsWith('or:C'))).toBe(true);
  });

  it('keeps quantity, unit price, UK time, customer and country', async () => {
    const row = expected.rows[0];
    const stored = await db.prisma.interaction.findFirstOrThrow({ where: { eventId: { startsWith: `or:${row.InvoiceNo}:${row.StockCode}:` } } });
    expect(stored).toMatchObject({
      type: 'PURCHASE',
      quantity: Number(row.Quantity),
      userId: `or-${row.CustomerID}`,
      productId: `or-${row.StockCode}`,
      region: row.Country,
    });
    expect(stored.unitPrice?.toString()).toBe(String(Number(row.UnitPrice)));
    // December: London is on GMT, so the wall-clock time is the UTC time.
    expect(stored.occurredAt.toISOString()).toBe(`${row.InvoiceDate.replace(' ', 'T')}.000Z`);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: `or-${row.CustomerID}` } });
    expect(user.region).toBe(row.Country);
    const product = await db.prisma.product.findUniqueOrThrow({ where: { id: `or-${row.StockCode}` } });
    expect(product).toMatchObject({ title: row.Description.trim(), currency: 'GBP', category: 'holder' });
  });

  it('adds nothing when the same slice is imported again', async () => {
    const again = await importOnlineRetail(db.prisma, retail.path, { progress: silentProgress, limit: LIMIT });
    expect(again).toMatchObject({ products: 0, users: 0, interactions: 0, duplicates: expected.interactions });
    expect(await db.prisma.interaction.count()).toBe(expected.interactions);
    expect(await db.prisma.product.count()).toBe(expected.products);
  });
});
