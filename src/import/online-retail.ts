import { defaultProgress, type ProgressFactory } from '../cli/progress.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { DEFAULT_BATCH_SIZE, ensureBrand, ImportBatchWriter } from './batch-writer.js';
import { csvLines } from './csv-records.js';
import { classifyRetailLine, RETAIL_COLUMNS, type RetailColumn, type RetailEvent } from './online-retail-line.js';
import { categoryFromDescription, significantWords } from './product-category.js';
import { BadRowLog, type ImportReport } from './report.js';
import { openFileSource } from './source.js';

export interface OnlineRetailImportOptions {
  progress?: ProgressFactory;
  /** Rows per transaction. */
  batchSize?: number;
  /** Read only the first `limit` data lines (after the header). */
  limit?: number;
  /** Zone of the InvoiceDate wall-clock times; the retailer is in the UK. */
  timeZone?: string;
  /** Bad rows kept in detail in the report (all are counted). */
  badRowSamples?: number;
}

/**
 * Imports the UCI Online Retail transactions (CSV, optionally gzipped), streaming: invoice
 * lines become PURCHASE interactions, cancellation lines ("C" invoices) RETURN interactions,
 * stock codes products of the brand "Online Retail", and customers users. Malformed and
 * invalid lines are reported by line number and skipped. Safe to repeat: event ids are stable.
 */
export async function importOnlineRetail(
  prisma: PrismaClient,
  file: string,
  {
    progress = defaultProgress(),
    batchSize = DEFAULT_BATCH_SIZE,
    limit = Infinity,
    timeZone = 'Europe/London',
    badRowSamples,
  }: OnlineRetailImportOptions = {},
): Promise<ImportReport> {
  const source = await openFileSource(file);
  const brandId = await ensureBrand(prisma, { slug: 'online-retail', name: 'Online Retail', country: 'GB' });
  const bar = progress('Online Retail', source.size, 'bytes');
  const writer = new ImportBatchWriter(prisma, batchSize, () => bar.update(source.bytesRead()));
  const bad = new BadRowLog(badRowSamples);
  let skippedNoCustomer = 0;
  let skippedNonProduct = 0;
  let columnOf: Map<RetailColumn, number> | undefined;
  let dataLines = 0;

  const store = async (event: RetailEvent, line: number) => {
    await writer.addProduct({
      id: `or-${event.stockCode}`,
      title: event.description || event.stockCode,
      brandId,
      category: categoryFromDescription(event.description),
      tags: [...new Set(significantWords(event.description))],
      colour: 'n/a',
      material: 'n/a',
      price: event.unitPrice,
      currency: 'GBP',
      season: 'ALL_SEASON',
      // The catalogue has no launch dates; the first sale seen is the nearest thing.
      launchDate: event.occurredAt,
    });
    await writer.addUser({ id: `or-${event.customerId}`, region: event.country });
    await writer.addInteraction({
      // Stable across runs of the same file: the line number makes repeated identical lines
      // (which the data has) distinct, invoice and stock code keep the key readable.
      eventId: `or:${event.invoice}:${event.stockCode}:${line}`,
      userId: `or-${event.customerId}`,
      productId: `or-${event.stockCode}`,
      type: event.type,
      quantity: event.quantity,
      unitPrice: event.unitPrice,
      occurredAt: event.occurredAt,
      region: event.country,
    });
  };

  try {
    for await (const record of csvLines(source.stream)) {
      if (!columnOf) {
        if ('problem' in record) throw new Error(`${file}: header line ${record.line}: ${record.problem}`);
        columnOf = headerColumns(record.fields, file);
        continue;
      }
      if (dataLines >= limit) break;
      dataLines += 1;
      if ('problem' in record) {
        bad.add(record.line, record.problem);
        continue;
      }
      if (record.fields.length !== columnOf.size) {
        bad.add(record.line, `expected ${columnOf.size} fields, found ${record.fields.length}`);
        continue;
      }
      const { fields } = record;
      const columns = columnOf;
      const classified = classifyRetailLine((column) => fields[columns.get(column)!], timeZone);
      if (classified.kind === 'event') await store(classified.event, record.line);
      else if (classified.kind === 'no-customer') skippedNoCustomer += 1;
      else if (classified.kind === 'non-product') skippedNonProduct += 1;
      else bad.add(record.line, classified.reason);
    }
    if (!columnOf) throw new Error(`${file} is empty: expected a header line with the Online Retail columns`);
    await writer.flush();
  } finally {
    bar.update(source.bytesRead());
    bar.stop();
  }
  const { counts } = writer;
  return {
    products: counts.products,
    users: counts.users,
    interactions: counts.interactions,
    skippedNoCustomer,
    skippedNonProduct,
    badRows: bad.toJSON(),
    duplicates: counts.duplicates,
  };
}

/** Column positions by name; the file must have exactly the Online Retail columns, in any order. */
function headerColumns(header: string[], file: string): Map<RetailColumn, number> {
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim());
  const missing = RETAIL_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0 || names.length !== RETAIL_COLUMNS.length) {
    throw new Error(`${file} is not UCI Online Retail: expected columns ${RETAIL_COLUMNS.join(', ')}, found ${names.join(', ')}`);
  }
  return new Map(RETAIL_COLUMNS.map((column) => [column, names.indexOf(column)]));
}
