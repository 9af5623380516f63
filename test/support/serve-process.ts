import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Every line the server wrote to stdout (its JSON logs). */
  stdout: string[];
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `vitrine serve` (bin/vitrine.js, as `npm start` does) and resolves once it listens. */
export function startServe(env: Record<string, string>, timeoutMs = 150_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/vitrine.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', VITRINE_PROGRESS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${stderr.join('')}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr.join('')}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      const url = /"url":"(http:[^"]+)\/graphql"/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stdout, exited });
      }
    });
  });
}

/**
 * Starts the server, retrying while the previous process's lock on an embedded data folder is
 * still considered held (it expires 15 s after a crash).
 */
export async function startServeAfterCrash(env: Record<string, string>, withinMs = 60_000): Promise<ServeProcess> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await startServe(env);
    } catch (error) {
      if (!/in use by another vitrine process/.test((error as Error).message) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** POSTs one GraphQL operation with a bearer token and returns the parsed body. */
export async function graphqlOver(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] } };
}
