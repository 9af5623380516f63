import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/db/repositories/index.js';
import type { ModelRepository } from '../../src/db/repositories/models.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const root = path.resolve(import.meta.dirname, '../..');
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');
const version = { config: {}, dataSnapshot: {}, metrics: {}, backend: 'cpu', durationMs: 0, artifactDir: '/nowhere' };

describe('model artifact bundles in model_versions', () => {
  let db: TestDatabase;
  let models: ModelRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    models = createRepositories(db.prisma).models;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores a bundle of several pieces byte for byte, reads it back whole and leaves no large object behind', async () => {
    const bundle = randomBytes(9 * 2 ** 20 + 123);
    const registered = await models.register({ ...version, artifactBundle: bundle });
    expect(Object.keys(registered)).not.toContain('artifactBundle');
    const [stored] = await db.sql.query<{ sha256: string }>(`SELECT encode(sha256(artifact_bundle), 'hex') AS sha256 FROM model_versions WHERE id = $1`, [registered.id]);
    expect(stored!.sha256).toBe(sha256(bundle));
    expect(Buffer.from((await models.bundle(registered.id))!).equals(bundle)).toBe(true);
    const [objects] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_largeobject_metadata');
    expect(objects!.n).toBe(0);
  });

  it('keeps an empty bundle empty and a version without one without', async () => {
    const empty = await models.register({ ...version, artifactBundle: new Uint8Array(0) });
    const none = await models.register(version);
    expect(await models.bundle(empty.id)).toEqual(new Uint8Array(0));
    expect(await models.bundle(none.id)).toBeNull();
  });

  it('registers and reads back a 24 MiB bundle in a process with a 192 MiB heap (sent whole, it needed over 1 GiB on the embedded database)', async () => {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--max-old-space-size=192', '--import', '@swc-node/register/esm-register', 'test/support/register-bundle.ts', '24'],
      { cwd: root, env: db.url ? { ...env, DATABASE_URL: db.url } : env },
    );
    const [bytes, written, read] = stdout.trim().split(' ');
    expect(Number(bytes)).toBe(24 * 2 ** 20);
    expect(read).toBe(written);
  });
});
