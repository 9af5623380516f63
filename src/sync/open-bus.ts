import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { Log } from '../redis/connection.js';
import { LocalChangeHub, type ChangeBus } from './change-bus.js';
import type { ChangeMessage } from './messages.js';
import { PgChangeBus, publishChange } from './pg-change-bus.js';
import { publishOverRedis, RedisChangeBus, type RedisSettings } from './redis-change-bus.js';

const hubs = new WeakMap<Database, LocalChangeHub>();

export interface ChangeBusOptions {
  /** When set, Redis pub/sub carries the changes, whichever the database. */
  redis?: RedisSettings;
  log?: Log;
}

const notifyOn = (db: Database) => (channel: string, payload: string) => db.sql.query('SELECT pg_notify($1, $2)', [channel, payload]);

/**
 * The change bus for gateways on `db`: Redis pub/sub when configured; otherwise LISTEN/NOTIFY on
 * a PostgreSQL server (gateways in other processes share it), in-process on the embedded
 * database (which only one process can open).
 */
export async function openChangeBus(db: Database, options: ChangeBusOptions = {}): Promise<ChangeBus> {
  if (options.redis) {
    const bus = new RedisChangeBus(options.redis, options.log);
    await bus.start();
    return bus;
  }
  if (db.kind === 'postgres' && db.url) {
    const bus = new PgChangeBus({ url: db.url, notify: notifyOn(db), log: options.log });
    await bus.start();
    return bus;
  }
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new LocalChangeHub()));
  return hub.connect();
}

/**
 * Tells running gateways of a change made by a job process (`vitrine train`), on the bus they
 * listen to. Gateways on the embedded database share no bus with other processes.
 */
export async function announceChange(db: Database, redis: RedisSettings | undefined, message: ChangeMessage): Promise<void> {
  if (redis) return publishOverRedis(redis, message);
  if (db.kind === 'postgres') await publishChange(notifyOn(db), randomUUID(), message);
}
