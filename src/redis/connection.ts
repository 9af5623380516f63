import { Redis } from 'ioredis';

/** A Redis command not answered within this time fails, so no request waits on a stalled Redis. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Connections being closed on purpose: their end is not a loss to report. */
const closing = new WeakSet<Redis>();

export type Log = (message: string, details?: Record<string, unknown>) => void;

export interface RedisConnectionOptions {
  /** Shown by CLIENT LIST, so an operator (or a test) can tell the connections apart. */
  name: string;
  /**
   * Keep commands issued while disconnected and send them on reconnection (for messages worth a
   * short wait); otherwise they fail at once (for work that has a fallback).
   */
  queueWhileDisconnected?: boolean;
  log?: Log;
}

/**
 * A connection opened by `connect()` and reopened by ioredis after every drop (growing delays,
 * at most 2 s apart). Losing and regaining it are logged once each, not at every retry.
 */
export function redisConnection(url: string, options: RedisConnectionOptions): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: options.name,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: options.queueWhileDisconnected ?? false,
    maxRetriesPerRequest: 1,
  });
  let lastError: string | undefined;
  let lost = false;
  // Without an 'error' listener ioredis prints every failed attempt to the console.
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });
  redis.on('close', () => {
    if (lost || closing.has(redis)) return;
    lost = true;
    options.log?.(`warn: Redis connection ${options.name} is down; retrying`, { error: lastError });
  });
  redis.on('ready', () => {
    if (lost) options.log?.(`Redis connection ${options.name} restored`);
    lost = false;
  });
  return redis;
}

/** Closes a connection whatever its state; pending replies are awaited when it is up. */
export async function closeRedis(redis: Redis): Promise<void> {
  closing.add(redis);
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
    return;
  }
  redis.disconnect();
}
