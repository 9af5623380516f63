/** `vitrine models list`: registered model versions as a table, newest first. */

export interface ListedVersion {
  id: number | string;
  status: string;
  metrics: Record<string, unknown>;
  createdAt: Date | string;
  notes: string | null;
}

const validationOf = (version: ListedVersion) => (version.metrics.validation ?? {}) as { k?: number; ndcg?: number; recall?: number };
const fixed = (value: number | undefined) => (typeof value === 'number' ? value.toFixed(4) : '-');
const minute = (at: Date | string) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function describeModelVersions(versions: readonly ListedVersion[]): string {
  if (versions.length === 0) return 'no model version is registered yet: train one with `vitrine train --activate`';
  const k = versions.map((v) => validationOf(v).k).find((value) => value !== undefined) ?? 'k';
  const header = ['version', 'status', `NDCG@${k}`, `recall@${k}`, 'trained', 'notes'];
  const rows = versions.map((v) => [String(v.id), v.status, fixed(validationOf(v).ndcg), fixed(validationOf(v).recall), minute(v.createdAt), v.notes ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
