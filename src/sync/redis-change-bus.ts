import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis, redisConnection, type Log } from '../redis/connection.js';
import { dispatch, type ChangeBus, type ChangeListener } from './change-bus.js';
import { encodeInPayloads, type ChangeMessage } from './messages.js';

export interface RedisSettings {
  url: string;
  /** Deployments (or test runs) sharing one Redis keep apart by prefix. */
  prefix: string;
}

export const changesChannel = (prefix: string) => `${prefix}changes`;

/** Redis has no NOTIFY-sized limit; 1 MiB keeps a batch of 1,000 events in one message. */
const MAX_REDIS_PAYLOAD_BYTES = 1 << 20;

async function publishOn(publisher: Redis, channel: string, origin: string, message: ChangeMessage): Promise<void> {
  for (const payload of encodeInPayloads(origin, message, MAX_REDIS_PAYLOAD_BYTES)) await publisher.publish(channel, payload);
}

/** Publishes one change from a process that does not listen (a CLI job) and disconnects. */
export async function publishOverRedis(settings: RedisSettings, message: ChangeMessage): Promise<void> {
  const origin = randomUUID();
  const publisher = redisConnection(settings.url, { name: `vitrine-job-${origin}` });
  try {
    await publisher.connect();
    await publishOn(publisher, changesChannel(settings.prefix), origin, message);
  } finally {
    await closeRedis(publisher);
  }
}

/**
 * Changes between gateway processes over Redis pub/sub, in the PostgreSQL bus's encoding: one
 * connection subscribes, another publishes (a subscribed connection can do nothing else).
 * Pub/sub keeps nothing for a subscriber that is away, so whenever the subscription is
 * re-established after a drop (or first made after a failed start) listeners resynchronise.
 */
export class RedisChangeBus implements ChangeBus {
  readonly origin = randomUUID();
  readonly transport = 'redis';
  private readonly listeners: ChangeListener[] = [];
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private subscribed = false;
  /** Messages may have gone by unheard: resync once subscribed again. */
  private missed = false;
  private firstAttempt: (() => void) | undefined;

  constructor(
    settings: RedisSettings,
    private readonly log?: Log,
  ) {
    this.channel = changesChannel(settings.prefix);
    this.subscriber = redisConnection(settings.url, { name: `vitrine-sub-${this.origin}`, log });
    // A change published during a short blip is worth a wait of up to the command timeout.
    this.publisher = redisConnection(settings.url, { name: `vitrine-pub-${this.origin}`, queueWhileDisconnected: true, log });
    this.subscriber.on('ready', () => void this.listen());
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.missed = true;
    });
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) dispatch(payload, this.origin, this.listeners, (error) => this.failed(error));
    });
  }

  /** Connects both sides; resolves after the first attempt, whether or not it worked (ioredis keeps trying). */
  async start(): Promise<void> {
    const attempted = new Promise<void>((resolve) => (this.firstAttempt = resolve));
    await Promise.all([
      this.subscriber.connect().then(
        () => attempted,
        () => this.log?.('warn: change bus: Redis is unreachable at start-up; serving, and resynchronising once it answers'),
      ),
      this.publisher.connect().catch(() => undefined),
    ]);
  }

  get connected(): boolean {
    return this.subscribed && this.publisher.status === 'ready';
  }

  async publish(message: ChangeMessage): Promise<void> {
    await publishOn(this.publisher, this.channel, this.origin, message);
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      this.subscribed = true;
    } catch (error) {
      // The connection stays up but deaf; readiness reports it until the next reconnection.
      this.log?.('warn: change bus: could not subscribe to Redis', { channel: this.channel, error: (error as Error).message });
    }
    this.firstAttempt?.();
    this.firstAttempt = undefined;
    if (!this.subscribed || !this.missed) return;
    this.missed = false;
    this.log?.('change bus subscribed to Redis again; resynchronising');
    for (const listener of this.listeners) void listener.resync().catch((error) => this.failed(error));
  }

  private failed(error: unknown): void {
    this.log?.('applying a change from another process failed', { error: (error as Error).message });
  }
}
