import { parseLocalDateTime } from './local-time.js';

export const RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;

export type RetailColumn = (typeof RETAIL_COLUMNS)[number];

/** An invoice line that becomes an interaction. */
export interface RetailEvent {
  invoice: string;
  stockCode: string;
  description: string;
  type: 'PURCHASE' | 'RETURN';
  /** Units bought or returned, always positive. */
  quantity: number;
  /** GBP, as a decimal string for the decimal column. */
  unitPrice: string;
  occurredAt: Date;
  customerId: string;
  country: string | null;
}

export type RetailLine =
  | { kind: 'event'; event: RetailEvent }
  | { kind: 'no-customer' }
  | { kind: 'non-product' }
  | { kind: 'bad'; reason: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Pandas writes an integer column with gaps as floats ("17850.0").
const CUSTOMER_ID = /^(\d+)(\.0*)?$/;
// Goods have numeric catalogue codes (85123A, 22423); letters-first codes are services:
// POST, DOT (postage), M (manual), D (discount), C2 (carriage), BANK CHARGES, AMAZONFEE, gift vouchers.
const PRODUCT_CODE = /^\d/;
const MAX_INT4 = 2_147_483_647;
// Decimal(12, 2) holds at most 10 digits before the point.
const MAX_PRICE = 1e10;

/**
 * Classifies one invoice line of UCI Online Retail. Guest lines (no CustomerID) and service
 * lines are skipped whatever else they contain; any other line must be fully valid.
 */
export function classifyRetailLine(field: (column: RetailColumn) => string, timeZone: string): RetailLine {
  const customer = CUSTOMER_ID.exec(field('CustomerID').trim());
  if (field('CustomerID').trim() === '') return { kind: 'no-customer' };
  if (!customer) return bad(`CustomerID "${field('CustomerID')}" is not a number`);
  const stockCode = field('StockCode').trim();
  if (stockCode === '') return bad('missing StockCode');
  if (!PRODUCT_CODE.test(stockCode)) return { kind: 'non-product' };
  const invoice = field('InvoiceNo').trim();
  if (invoice === '') return bad('missing InvoiceNo');

  const quantityText = field('Quantity').trim();
  if (!INTEGER.test(quantityText)) return bad(`Quantity "${quantityText}" is not a whole number`);
  const quantity = Number(quantityText);
  if (quantity === 0 || Math.abs(quantity) > MAX_INT4) return bad(`Quantity ${quantityText} is out of range`);
  const priceText = field('UnitPrice').trim();
  if (!DECIMAL.test(priceText)) return bad(`UnitPrice "${priceText}" is not a number`);
  const price = Number(priceText);
  if (Math.abs(price) >= MAX_PRICE) return bad(`UnitPrice ${priceText} is out of range`);
  const occurredAt = parseLocalDateTime(field('InvoiceDate'), timeZone);
  if (!occurredAt) return bad(`InvoiceDate "${field('InvoiceDate')}" is not a date and time`);

  // A leading "C" marks a cancellation: its quantity is negative, the goods came back.
  const type = invoice.toUpperCase().startsWith('C') ? 'RETURN' : 'PURCHASE';
  if (type === 'PURCHASE' && quantity < 0) return bad(`negative Quantity ${quantityText} on a sale`);
  if (type === 'PURCHASE' && price <= 0) return bad(`non-positive UnitPrice ${priceText} on a sale`);
  if (price < 0) return bad(`negative UnitPrice ${priceText}`);
  const country = field('Country').trim();
  return {
    kind: 'event',
    event: {
      invoice,
      stockCode,
      description: field('Description').trim(),
      type,
      quantity: Math.abs(quantity),
      unitPrice: String(price),
      occurredAt,
      customerId: String(Number(customer[1])),
      country: country === '' ? null : country,
    },
  };
}

function bad(reason: string): RetailLine {
  return { kind: 'bad', reason };
}
