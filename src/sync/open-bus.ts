import type { Database } from '../db/client.js';
import { LocalChangeHub, type ChangeBus } from './change-bus.js';
import { PgChangeBus } from './pg-change-bus.js';

const hubs = new WeakMap<Database, LocalChangeHub>();

/**
 * The change bus for gateways on `db`: LISTEN/NOTIFY on a PostgreSQL server (gateways in other
 * processes share it), in-process on the embedded database (which only one process can open).
 */
export async function openChangeBus(db: Database, log?: (message: string, details?: Record<string, unknown>) => void): Promise<ChangeBus> {
  if (db.kind === 'postgres' && db.url) {
    const bus = new PgChangeBus({ url: db.url, notify: (channel, payload) => db.sql.query('SELECT pg_notify($1, $2)', [channel, payload]), log });
    await bus.start();
    return bus;
  }
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new LocalChangeHub()));
  return hub.connect();
}
