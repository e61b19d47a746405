import { Client, type ClientConfig } from 'pg';
import { backoffDelay, type Backoff } from '../backoff';

export const NOTIFY_CHANNEL = 'es_events';
export const LISTENER_APPLICATION_NAME = 'es_listener';

export type CommitSignal =
  /** es_append committed somewhere: read the log. */
  | { kind: 'commit' }
  /** (Re)connected: notifications may have been missed meanwhile, read the log. */
  | { kind: 'connected' }
  | { kind: 'error'; error: unknown };

export type CommitListener = (signal: CommitSignal) => void;

/**
 * One LISTEN connection per store, shared by its subscriptions. It only makes subscribers
 * fast: they poll anyway, so a lost notification costs latency, never an event. When the
 * connection dies (PostgreSQL restart, pg_terminate_backend, network) it reconnects with
 * backoff, for as long as anyone listens.
 */
export class CommitNotifications {
  private readonly listeners = new Set<CommitListener>();
  private client: Client | undefined;
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by close(): a connection attempt from before must not come back to life. */
  private generation = 0;

  constructor(
    private readonly clientConfig: ClientConfig,
    private readonly reconnect: Backoff = { initialMs: 50, maxMs: 2_000 },
  ) {}

  /** Starts listening with the first listener; returns the way to stop listening. */
  listen(listener: CommitListener): () => void {
    this.listeners.add(listener);
    if (!this.running) {
      this.running = true;
      void this.connect();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.close();
    };
  }

  async close(): Promise<void> {
    this.running = false;
    this.generation++;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private emit(signal: CommitSignal): void {
    for (const listener of this.listeners) listener(signal);
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const generation = this.generation;
    const current = () => this.running && generation === this.generation;
    const client = new Client({ ...this.clientConfig, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    this.client = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (!current()) return; // closing: the end of the connection is ours
      this.emit({ kind: 'error', error });
      this.timer = setTimeout(() => void this.connect(), backoffDelay(this.reconnect, this.failures++));
      this.timer.unref();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the LISTEN connection ended')));
    client.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL) this.emit({ kind: 'commit' });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (!current()) {
      await client.end().catch(() => undefined);
      return;
    }
    this.failures = 0;
    this.emit({ kind: 'connected' });
  }
}
