import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis for tests: VITRINE_TEST_REDIS_URL (CI sets it, and then a Redis that does not answer
 * fails the tests), else a local Redis on the default port if one answers, else null (skip).
 */
export const testRedisUrl: string | null = await (async () => {
  const configured = process.env.VITRINE_TEST_REDIS_URL;
  if (configured) return configured;
  const probe = new Redis(DEFAULT_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return DEFAULT_URL;
  } catch {
    console.warn(`Redis tests skipped: nothing answers at ${DEFAULT_URL} and VITRINE_TEST_REDIS_URL is unset (scripts/ensure-redis.sh starts one)`);
    return null;
  } finally {
    probe.disconnect();
  }
})();

/** A prefix of its own per test run, so concurrent test files never hear each other. */
export const testRedisPrefix = () => `vitrine-test:${randomUUID()}:`;

/** A plain connection for a test's own commands (CLIENT KILL, KEYS); the caller disconnects it. */
export function adminRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}

/** Closes the connection named `name` (what CLIENT SETNAME gave it), as a network fault would. */
export async function killConnection(admin: Redis, name: string): Promise<void> {
  const list = String(await admin.call('CLIENT', 'LIST'));
  const id = list
    .split('\n')
    .map((line) => Object.fromEntries(line.trim().split(' ').map((field) => field.split('=', 2) as [string, string])))
    .find((fields) => fields.name === name)?.id;
  if (!id) throw new Error(`no Redis connection named ${name}`);
  await admin.call('CLIENT', 'KILL', 'ID', id);
}
