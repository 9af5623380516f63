import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

interface ThreadRequest {
  /** null: in memory. */
  dataDir: string | null;
  socketPath: string;
  /** Where the packages are, resolved here: the thread's own code has no module path to resolve from. */
  modules: { pglite: string; socket: string; vector: string };
}

type ThreadReply = { type: 'ready' } | { type: 'closed' } | { type: 'failed'; message: string };

export interface PgliteThread {
  /** Where `pg` connects: the socket's folder as host, and the port in its file name. */
  connection: { host: string; port: number; user: string; database: string };
  close(): Promise<void>;
}

/** The socket file name PostgreSQL clients derive from host and port. */
const PORT = 5432;

/*
 * The thread's code, in plain JavaScript: a TypeScript entry needs the TypeScript loader's module
 * hooks registered inside the thread, and with them a second database thread in one process
 * crashed Node 20 (SIGSEGV, seen in test processes that reopen a data folder). One connection: PGlite has a single session, and the gateway's pool
 * queues behind it exactly as calls queued on the in-process database did.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.modules.pglite);
const { PGLiteSocketServer } = require(workerData.modules.socket);
const { vector } = require(workerData.modules.vector);
(async () => {
  const db = new PGlite(workerData.dataDir ?? 'memory://', { extensions: { vector } });
  await db.waitReady;
  const server = new PGLiteSocketServer({ db, path: workerData.socketPath, maxConnections: 1 });
  await server.start();
  parentPort.on('message', async () => {
    try {
      await server.stop();
      if (!db.closed) await db.close();
      parentPort.postMessage({ type: 'closed' });
    } catch (error) {
      parentPort.postMessage({ type: 'failed', message: error.message });
    }
    parentPort.close();
  });
  parentPort.postMessage({ type: 'ready' });
})().catch((error) => {
  parentPort.postMessage({ type: 'failed', message: error.message });
  parentPort.close();
});
`;

const require = createRequire(import.meta.url);

/**
 * The embedded database in a worker thread, reached over the PostgreSQL protocol. In-process,
 * every query's WebAssembly work ran on the gateway's one thread: a home page waited for the
 * impressions of the pages before it, and a merchandiser's report stalled every shopper. Here the
 * database has a core of its own. `@electric-sql/pglite-socket` speaks the protocol, so the
 * gateway talks to it with the same driver as to a PostgreSQL server.
 */
export async function startPgliteThread(dataDir: string | null): Promise<PgliteThread> {
  // A private folder under the system's temporary one: socket paths are limited to ~100 bytes,
  // and nobody else on the machine should reach the database.
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-db-'));
  const request: ThreadRequest = {
    dataDir,
    socketPath: path.join(socketDir, `.s.PGSQL.${PORT}`),
    modules: { pglite: require.resolve('@electric-sql/pglite'), socket: require.resolve('@electric-sql/pglite-socket'), vector: require.resolve('@electric-sql/pglite-pgvector') },
  };
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: request });
  const replies: ThreadReply[] = [];
  let waiting: ((reply: ThreadReply) => void) | null = null;
  const next = () => new Promise<ThreadReply>((resolve) => {
    const queued = replies.shift();
    if (queued) resolve(queued);
    else waiting = resolve;
  });
  const deliver = (reply: ThreadReply) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(reply);
    } else replies.push(reply);
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ type: 'failed', message: error.message }));
  worker.on('exit', (code) => deliver({ type: 'failed', message: `the database thread stopped (exit code ${code})` }));

  const started = await next();
  if (started.type !== 'ready') {
    await worker.terminate();
    await rm(socketDir, { recursive: true, force: true });
    throw new Error(`The embedded database did not open${dataDir ? ` in ${dataDir}` : ''}: ${started.type === 'failed' ? started.message : started.type}`);
  }
  return {
    connection: { host: socketDir, port: PORT, user: 'postgres', database: 'postgres' },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      const closed = await next();
      // The thread ends once its database and socket are closed.
      await exited;
      await rm(socketDir, { recursive: true, force: true });
      if (closed.type === 'failed') throw new Error(`Closing the embedded database failed: ${closed.message}`);
    },
  };
}
