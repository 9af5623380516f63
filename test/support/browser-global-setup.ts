import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CHROMIUM } from './browser.js';

/**
 * Runs once before the `browser` test project: Debian's Chromium must be installed (playwright's
 * own browser downloads are unreachable here). scripts/ensure-chromium.sh installs it when missing.
 */
export default async function setup(): Promise<void> {
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/ensure-chromium.sh');
  try {
    await promisify(execFile)(script, [], { timeout: 900_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${CHROMIUM} is not available and ${script} could not install it:\n${stderr ?? error}`);
  }
}
