import type { Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { closeRedis, redisConnection, type Log } from '../redis/connection.js';
import type { RedisSettings } from '../sync/redis-change-bus.js';

export interface SharedRateLimitStore {
  store: Store;
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Rate-limit counters in Redis (`<prefix>rl:<caller>`), so a caller's budget holds across every
 * gateway instead of once per gateway. Commands fail at once while Redis is unreachable, and the
 * limiter then serves without the limit (see rateLimiter).
 */
export async function openRedisRateLimitStore(settings: RedisSettings, log?: Log): Promise<SharedRateLimitStore> {
  const redis = redisConnection(settings.url, { name: 'vitrine-rate-limit', log });
  // Connected first, so the store's scripts load now rather than on the first request.
  await redis.connect().catch(() => undefined);
  const store = new RedisStore({ prefix: `${settings.prefix}rl:`, sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply> });
  // Loading fails while Redis is down; each increment reloads the script, so this is no error.
  for (const loading of [store.incrementScriptSha, store.getScriptSha]) loading.catch(() => undefined);
  return {
    store,
    get connected() {
      return redis.status === 'ready';
    },
    close: () => closeRedis(redis),
  };
}
