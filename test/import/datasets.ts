import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared, read-only data sets (never copied into the repository). */
export const datasetsDir = path.resolve(process.env.VITRINE_DATASETS ?? path.join(repoRoot, '../shared/datasets'));

/** A data set's path, and whether it is present on this machine. */
export function dataset(relative: string): { path: string; present: boolean } {
  const full = path.join(datasetsDir, relative);
  return { path: full, present: existsSync(full) };
}
