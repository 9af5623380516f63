import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `vitrine <args>`; resolves with exit code and output whether it succeeds or not. */
export async function vitrine(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin/vitrine.js'), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', VITRINE_PROGRESS: '0', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
