/*
 * Registers a model version with an artifact bundle of `argv[2]` MiB and reads the bundle back, on
 * DATABASE_URL or else a fresh in-memory embedded database; prints "<bytes> <sha256 written>
 * <sha256 read>". Run as its own process so a test can give it a small heap (--max-old-space-size).
 */
import { createHash } from 'node:crypto';
import { openDatabase } from '../../src/db/client.js';
import { createRepositories } from '../../src/db/repositories/index.js';

const bytes = Math.round(Number(process.argv[2]) * 2 ** 20);
// Float-like noise, as in weights.bin, so the database's compression cannot shrink it.
const bundle = new Uint8Array(bytes);
for (let i = 0; i < bytes; i++) bundle[i] = Math.imul(i, 2654435761) >>> 24;

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: null });
try {
  const models = createRepositories(db.prisma).models;
  const version = await models.register({ config: {}, dataSnapshot: {}, metrics: {}, backend: 'cpu', durationMs: 0, artifactDir: '/nowhere', artifactBundle: bundle });
  const stored = await models.bundle(version.id);
  const sha256 = (content: Uint8Array | null) => (content ? createHash('sha256').update(content).digest('hex') : 'none');
  console.log(`${bytes} ${sha256(bundle)} ${sha256(stored)}`);
} finally {
  await db.close();
}
