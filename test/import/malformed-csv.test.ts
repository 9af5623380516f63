import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { describeImportReport, importOnlineRetail } from '../../src/import/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Line numbers are the file's own: line 1 is the header.
const LINES = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536001,10001,WHITE HEART HOLDER,6,2010-12-01 08:26:00,2.55,12345,United Kingdom',
  '536001,10002,SHORT LINE,6,2010-12-01 08:26:00,2.55,12345',
  '536001,10003,"UNTERMINATED DESCRIPTION,6,2010-12-01 08:26:00,2.55,12345,United Kingdom',
  '536002,10004,"BIG ""RED"" MUG, ",2,2010-12-01 09:00:00,3.10,12346,France',
  '536003,10005,GLASS JAR,1,2010-12-01 09:10:00,-1.00,12345,United Kingdom',
  '536004,10006,TIN,1,2010-13-45 25:00:00,1.00,12345,United Kingdom',
  '536005,10007,PAPER BAG,1,2010-12-01 09:20:00,1.00,,United Kingdom',
  'C536006,10001,WHITE HEART HOLDER,-2,2011-07-02 10:00:00,2.55,12345,United Kingdom',
  '536007,10008,"JUG"X,1,2010-12-01 09:30:00,1.00,12345,United Kingdom',
  '536008,POST,POSTAGE,1,2010-12-01 09:40:00,18.00,12346,France',
  '536009,10009,TEA TOWELS,3,12/1/2010 9:45,0.85,12347,Germany',
];
const BAD_LINES = [3, 4, 6, 7, 10];

describe('importOnlineRetail on a malformed file', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrine-import-'));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports each bad line by number and imports the good ones around it', async () => {
    const file = path.join(dir, 'retail.csv');
    await writeFile(file, LINES.join('\n'));
    const report = await importOnlineRetail(db.prisma, file, { progress: silentProgress, batchSize: 2 });

    expect(report.badRows.count).toBe(BAD_LINES.length);
    expect(report.badRows.samples.map((row) => row.line)).toEqual(BAD_LINES);
    const reasons = Object.fromEntries(report.badRows.samples.map((row) => [row.line, row.reason]));
    expect(reasons[3]).toMatch(/expected 8 fields, found 7/);
    expect(reasons[4]).toMatch(/unterminated/);
    expect(reasons[6]).toMatch(/UnitPrice/);
    expect(reasons[7]).toMatch(/InvoiceDate/);
    expect(reasons[10]).toMatch(/quote/);
    expect(report).toMatchObject({ products: 3, users: 3, interactions: 4, skippedNoCustomer: 1, skippedNonProduct: 1 });

    const events = await db.prisma.interaction.findMany({ orderBy: { occurredAt: 'asc' } });
    expect(events.map((event) => [event.productId, event.type, event.quantity])).toEqual([
      ['or-10001', 'PURCHASE', 6],
      ['or-10004', 'PURCHASE', 2],
      ['or-10009', 'PURCHASE', 3],
      ['or-10001', 'RETURN', 2],
    ]);
    // July is British Summer Time: 10:00 in London is 09:00 UTC.
    expect(events[3].occurredAt.toISOString()).toBe('2011-07-02T09:00:00.000Z');
    expect(events[2].occurredAt.toISOString()).toBe('2010-12-01T09:45:00.000Z');
    expect(describeImportReport(report)).toContain('line 4: unterminated quoted field');
    const mug = await db.prisma.product.findUniqueOrThrow({ where: { id: 'or-10004' } });
    expect(mug).toMatchObject({ title: 'BIG "RED" MUG,', category: 'mug' });
  });

  it('reads the same file gzipped with CRLF line endings, and adds nothing the second time', async () => {
    const file = path.join(dir, 'retail.csv.gz');
    await writeFile(file, gzipSync(LINES.join('\r\n') + '\r\n'));
    const report = await importOnlineRetail(db.prisma, file, { progress: silentProgress });

    expect(report.badRows.samples.map((row) => row.line)).toEqual(BAD_LINES);
    expect(report).toMatchObject({ products: 0, users: 0, interactions: 0, duplicates: 4 });
    expect(await db.prisma.interaction.count()).toBe(4);
  });

  it('counts every bad row but keeps only the first few in detail', async () => {
    const file = path.join(dir, 'many-bad.csv');
    const bad = Array.from({ length: 30 }, (_, i) => `5361${i},10001,HOLDER,1,not a date,1.00,12345,United Kingdom`);
    await writeFile(file, [LINES[0], ...bad].join('\n'));
    const report = await importOnlineRetail(db.prisma, file, { progress: silentProgress, badRowSamples: 5 });

    expect(report.badRows.count).toBe(30);
    expect(report.badRows.samples.map((row) => row.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('refuses a file that is empty or not Online Retail', async () => {
    const file = path.join(dir, 'other.csv');
    await writeFile(file, 'id,name\n1,a\n');
    await expect(importOnlineRetail(db.prisma, file, { progress: silentProgress })).rejects.toThrow(/not UCI Online Retail/);
    const empty = path.join(dir, 'empty.csv');
    await writeFile(empty, '');
    await expect(importOnlineRetail(db.prisma, empty, { progress: silentProgress })).rejects.toThrow(/is empty/);
  });
});
