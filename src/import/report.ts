/** A line of the input that was not imported, and why. Lines are 1-based physical file lines. */
export interface BadRow {
  /** Set when an import reads several files. */
  file?: string;
  line: number;
  reason: string;
}

export interface ImportReport {
  /** Rows newly created by this run; a repeated import reports 0 for all three. */
  products: number;
  users: number;
  interactions: number;
  /** Lines without a customer (guest checkouts): out of scope, not errors. */
  skippedNoCustomer: number;
  /** Lines for services rather than goods (postage, fees, discounts): nothing to recommend. */
  skippedNonProduct: number;
  /** Every malformed or invalid line is counted; only the first few are kept with their reason. */
  badRows: { count: number; samples: BadRow[] };
  /** Interactions whose event id was already stored (an earlier import of the same file). */
  duplicates: number;
}

export const DEFAULT_BAD_ROW_SAMPLES = 20;

/** Counts bad rows and keeps the first `limit` of them in detail, so a broken file cannot exhaust memory. */
export class BadRowLog {
  count = 0;
  readonly samples: BadRow[] = [];

  constructor(private readonly limit = DEFAULT_BAD_ROW_SAMPLES) {}

  add(line: number, reason: string, file?: string): void {
    this.count += 1;
    if (this.samples.length < this.limit) this.samples.push(file === undefined ? { line, reason } : { file, line, reason });
  }

  toJSON(): ImportReport['badRows'] {
    return { count: this.count, samples: [...this.samples] };
  }
}

/** The report as a few lines for a person at a terminal. */
export function describeImportReport(report: ImportReport): string {
  const lines = [
    `created ${report.products} products, ${report.users} users, ${report.interactions} interactions`,
    `already present: ${report.duplicates} interactions`,
    `skipped: ${report.skippedNoCustomer} lines without a customer, ${report.skippedNonProduct} service lines`,
    `bad rows: ${report.badRows.count}`,
    ...report.badRows.samples.map(({ file, line, reason }) => `  ${file ? `${file}:` : 'line '}${line}: ${reason}`),
  ];
  if (report.badRows.count > report.badRows.samples.length) {
    lines.push(`  … and ${report.badRows.count - report.badRows.samples.length} more`);
  }
  return lines.join('\n');
}
