/*
 * Benchmark data sets read straight from their files (no database) into the shape `evaluate`
 * takes: ratings as (user index, item index, time in seconds), item and user features.
 * The folder is `VITRINE_DATASETS`, else `../shared/datasets` beside the repository.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvLines } from '../src/import/csv-records.js';
import { classifyRetailLine, RETAIL_COLUMNS, type RetailColumn } from '../src/import/online-retail-line.js';
import { categoryFromDescription } from '../src/import/product-category.js';
import { openFileSource } from '../src/import/source.js';
import type { EvaluationDataset } from '../src/model/eval/evaluate.js';
import type { Rating } from '../src/model/eval/protocols.js';
import type { ItemFeatures, UserFeatures } from '../src/model/features.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const datasetsFolder = path.resolve(process.env.VITRINE_DATASETS ?? path.join(repoRoot, '../shared/datasets'));

export interface BenchDataset extends EvaluationDataset {
  name: string;
  /** What was kept and why, for the report. */
  notes: string[];
}

/** Either the data set, or why it cannot be loaded (files absent). */
export type Loaded = { dataset: BenchDataset } | { missing: string };

const MOVIELENS = path.join(datasetsFolder, 'movielens-100k');

/**
 * MovieLens-100K: every rating is an implicit positive (TFRS's retrieval setup), timestamps in
 * seconds. Movies carry their first genre as category, the other genres as description words,
 * and their decade as "material" so the item tower gets the release era.
 */
export async function loadMovieLens(folder = MOVIELENS): Promise<Loaded> {
  const files = ['u.data', 'u.item', 'u.genre'].map((name) => path.join(folder, name));
  const absent = files.find((file) => !existsSync(file));
  if (absent) return { missing: `MovieLens-100K not found (${absent} is missing)` };
  const [dataText, itemText, genreText] = await Promise.all(files.map((file) => readFile(file, 'latin1')));
  const genres = genreText!
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|')[0]!);
  const items = itemText!
    .split('\n')
    .filter(Boolean)
    .map((line): ItemFeatures => {
      const fields = line.split('|');
      const movieGenres = fields.slice(5).flatMap((flag, g) => (flag === '1' ? [genres[g]!] : []));
      const year = /(\d{4})\)\s*$/.exec(fields[1]!)?.[1];
      return {
        id: fields[0]!,
        title: fields[1]!.replace(/\(\d{4}\)\s*$/, ''),
        category: movieGenres[0] ?? null,
        material: year ? `${year.slice(0, 3)}0s` : null,
        description: movieGenres.join(' '),
      };
    });
  const itemIndex = new Map(items.map((item, i) => [item.id, i]));
  const userIndex = new Map<string, number>();
  const ratings = dataText!
    .split('\n')
    .filter(Boolean)
    .map((line): Rating => {
      const [user, item, , time] = line.split('\t');
      if (!userIndex.has(user!)) userIndex.set(user!, userIndex.size);
      return { user: userIndex.get(user!)!, item: itemIndex.get(item!)!, time: Number(time) };
    });
  const users: UserFeatures[] = [...userIndex.keys()].map((id) => ({ id }));
  return { dataset: { name: 'movielens-100k', ratings, items, users, notes: ['all 100,000 ratings as implicit positives'] } };
}

const ONLINE_RETAIL = path.join(datasetsFolder, 'uci-online-retail', 'online_retail.csv.gz');

export interface OnlineRetailOptions {
  file?: string;
  /**
   * Keep only customers with at least this many distinct products. One-product customers can
   * never be evaluated under leave-last-out and add little to training.
   */
  minItemsPerUser?: number;
  /** Keep only products bought by at least this many customers (after the customer filter). */
  minUsersPerItem?: number;
}

/**
 * UCI Online Retail as implicit feedback, parsed with the importer's own line rules (so the bench
 * sees what `vitrine import` stores): sales lines of registered customers for real products
 * (no "C" cancellations, positive quantity and price, stock codes starting with a digit).
 *
 * Reduced to distinct (customer, product) pairs at the time of the FIRST purchase: re-orders of
 * the same product (very common, many customers are wholesalers) would otherwise dominate both
 * protocols with "buy it again" cases that a filtered ranking can never hit, and dropping them
 * cuts 398k lines to about 267k pairs, which keeps the 2-core bench within minutes. Keeping the
 * first time (not the last) matters for leave-last-out: the held-out pair is then the product
 * the customer discovered last, which was genuinely new to them, never a hidden re-order.
 *
 * Items: title = Description (stock code when empty), category from the description's last
 * noun (the importer's rule), price = the first sale's unit price; the brand is the same for
 * every product and is left out. Users: the customer's country is kept as `region`, which the
 * user tower has no input for yet (see the bench report).
 */
export async function loadOnlineRetail({ file = ONLINE_RETAIL, minItemsPerUser = 2, minUsersPerItem = 1 }: OnlineRetailOptions = {}): Promise<Loaded> {
  if (!existsSync(file)) return { missing: `UCI Online Retail not found (${file} is missing)` };
  const firstPurchase = new Map<string, Map<string, number>>();
  const products = new Map<string, ItemFeatures>();
  const countries = new Map<string, string | null>();
  let columnOf: Map<RetailColumn, number> | undefined;
  let lines = 0;
  let sales = 0;
  for await (const record of csvLines((await openFileSource(file)).stream)) {
    if ('problem' in record) continue;
    const { fields } = record;
    if (!columnOf) {
      columnOf = new Map(RETAIL_COLUMNS.map((column) => [column, fields.map((f) => f.replace(/^\uFEFF/, '').trim()).indexOf(column)]));
      continue;
    }
    lines++;
    const columns = columnOf;
    const line = classifyRetailLine((column) => fields[columns.get(column)!] ?? '', 'Europe/London');
    if (line.kind !== 'event' || line.event.type !== 'PURCHASE') continue;
    const { customerId, stockCode, description, unitPrice, occurredAt, country } = line.event;
    sales++;
    const time = occurredAt.getTime() / 1000;
    if (!products.has(stockCode)) {
      products.set(stockCode, {
        id: stockCode,
        title: description || stockCode,
        category: categoryFromDescription(description),
        price: Number(unitPrice),
      });
    }
    if (!countries.has(customerId)) countries.set(customerId, country);
    const bought = firstPurchase.get(customerId) ?? new Map<string, number>();
    firstPurchase.set(customerId, bought);
    if (!bought.has(stockCode) || time < bought.get(stockCode)!) bought.set(stockCode, time);
  }

  const pairs = [...firstPurchase.values()].reduce((sum, bought) => sum + bought.size, 0);
  const keptCustomers = [...firstPurchase].filter(([, bought]) => bought.size >= minItemsPerUser);
  const buyers = new Map<string, number>();
  for (const [, bought] of keptCustomers) for (const code of bought.keys()) buyers.set(code, (buyers.get(code) ?? 0) + 1);
  const items = [...products.values()].filter((item) => (buyers.get(item.id) ?? 0) >= minUsersPerItem);
  const itemIndex = new Map(items.map((item, i) => [item.id, i]));
  const users: (UserFeatures & { region: string | null })[] = [];
  const ratings: Rating[] = [];
  for (const [customerId, bought] of keptCustomers) {
    const user = users.length;
    users.push({ id: customerId, region: countries.get(customerId) ?? null });
    for (const [code, time] of bought) {
      const item = itemIndex.get(code);
      if (item !== undefined) ratings.push({ user, item, time });
    }
  }
  return {
    dataset: {
      name: 'uci-online-retail',
      ratings,
      items,
      users,
      notes: [
        `${lines.toLocaleString('en')} invoice lines → ${sales.toLocaleString('en')} sales lines of registered customers for products`,
        `→ ${pairs.toLocaleString('en')} distinct (customer, product) pairs at their first purchase time`,
        `customers with ≥ ${minItemsPerUser} distinct products and products with ≥ ${minUsersPerItem} such customers: ` +
          `${users.length.toLocaleString('en')} customers, ${items.length.toLocaleString('en')} products, ${ratings.length.toLocaleString('en')} pairs`,
      ],
    },
  };
}
