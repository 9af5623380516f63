import { randomUUID } from 'node:crypto';
import { decodeMessage, type ChangeMessage } from './messages.js';

/** What a process does with changes made elsewhere. */
export interface ChangeListener {
  message(message: ChangeMessage): Promise<void>;
  /** Messages may have been missed (the connection dropped): reload everything that can change. */
  resync(): Promise<void>;
}

/**
 * Tells the other gateway processes what this one changed, and this one what they changed. A
 * process never receives its own messages (each bus has its own `origin`).
 */
export interface ChangeBus {
  readonly origin: string;
  /** What carries the messages: in-process, PostgreSQL LISTEN/NOTIFY or Redis pub/sub. */
  readonly transport: 'local' | 'postgres' | 'redis';
  /** Whether messages from other processes can reach this one now (false while reconnecting). */
  readonly connected: boolean;
  publish(message: ChangeMessage): Promise<void>;
  subscribe(listener: ChangeListener): void;
  close(): Promise<void>;
}

/**
 * The bus of gateways sharing one process (the embedded database allows no other): every
 * gateway opened on the same hub hears the others'. Delivery is asynchronous, as over a network.
 */
export class LocalChangeHub {
  private readonly endpoints = new Set<LocalChangeBus>();

  connect(): ChangeBus {
    const bus = new LocalChangeBus(this, (b) => this.endpoints.delete(b));
    this.endpoints.add(bus);
    return bus;
  }

  deliver(from: LocalChangeBus, message: ChangeMessage): Promise<void> {
    const others = [...this.endpoints].filter((bus) => bus !== from);
    return Promise.all(others.map((bus) => bus.receive(message))).then(() => undefined);
  }
}

/**
 * Hands a received payload to every listener, unless this process sent it or it is not
 * understood (a newer version's message); a listener's failure is reported, not thrown.
 */
export function dispatch(payload: string, origin: string, listeners: readonly ChangeListener[], failed: (error: unknown) => void): void {
  const decoded = decodeMessage(payload);
  if (!decoded || decoded.origin === origin) return;
  for (const listener of listeners) void listener.message(decoded.message).catch(failed);
}

class LocalChangeBus implements ChangeBus {
  readonly origin = randomUUID();
  readonly transport = 'local';
  readonly connected = true;
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly hub: LocalChangeHub,
    private readonly disconnect: (bus: LocalChangeBus) => void,
  ) {}

  async publish(message: ChangeMessage): Promise<void> {
    // Callers go on at once; receivers run on a later turn, as with a real notification.
    setImmediate(() => void this.hub.deliver(this, message));
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async receive(message: ChangeMessage): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.message(message)));
  }

  async close(): Promise<void> {
    this.disconnect(this);
  }
}
