import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dispatch, type ChangeBus, type ChangeListener } from './change-bus.js';
import { encodeInPayloads, type ChangeMessage } from './messages.js';

export const CHANGE_CHANNEL = 'vitrine_changes';

/** Sends one NOTIFY through any connection (a pool, a Prisma-less CLI process). */
export type Notify = (channel: string, payload: string) => Promise<unknown>;

export interface PgChangeBusOptions {
  /** Where to LISTEN: a dedicated connection, outside the pool (a pooled one would be reused). */
  url: string;
  notify: Notify;
  channel?: string;
  /** Reconnection delays grow from `minDelayMs` to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

/** Publishes a change to every listening gateway; usable by processes that do not listen (CLI jobs). */
export async function publishChange(notify: Notify, origin: string, message: ChangeMessage, channel = CHANGE_CHANNEL): Promise<void> {
  for (const payload of encodeInPayloads(origin, message)) await notify(channel, payload);
}

/**
 * Changes between gateway processes over PostgreSQL's LISTEN/NOTIFY. Notifications are sent after
 * the writes they describe have committed, so a receiver that reloads finds them. A dropped
 * listening connection is reopened with growing delays, and listeners are asked to resync,
 * since notifications sent meanwhile are lost.
 */
export class PgChangeBus implements ChangeBus {
  readonly origin = randomUUID();
  readonly transport = 'postgres';
  private readonly listeners: ChangeListener[] = [];
  private readonly channel: string;
  private client: pg.Client | null = null;
  private closed = false;
  private everConnected = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgChangeBusOptions) {
    this.channel = options.channel ?? CHANGE_CHANNEL;
    this.delayMs = options.minDelayMs ?? 100;
  }

  /** Opens the listening connection; resolves after the first attempt, whether or not it worked. */
  async start(): Promise<void> {
    await this.connect();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async publish(message: ChangeMessage): Promise<void> {
    await publishChange(this.options.notify, this.origin, message, this.channel);
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) dispatch(n.payload, this.origin, this.listeners, (error) => this.failed(error));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delayMs = this.options.minDelayMs ?? 100;
    if (this.everConnected) {
      this.options.log?.('change bus reconnected; resynchronising');
      for (const listener of this.listeners) void listener.resync().catch((error) => this.failed(error));
    }
    this.everConnected = true;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.closed || (this.client !== null && this.client !== client)) return;
    if (this.client === client) {
      this.client = null;
      void client.end().catch(() => undefined);
    } else if (this.timer) return;
    this.options.log?.('change bus connection lost; reconnecting', { error: error?.message, retryInMs: this.delayMs });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.delayMs);
    this.timer.unref();
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs ?? 10_000);
  }

  private failed(error: unknown): void {
    this.options.log?.('applying a change from another process failed', { error: (error as Error).message });
  }
}
