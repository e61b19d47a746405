import type { Pool, PoolClient } from 'pg';

const KEEP_ALIVE_MS = 5_000;

/**
 * Who may publish: a PostgreSQL session advisory lock, held on a connection of its own for
 * as long as this instance relays. A second relay (a replica, a rollout's new pod) finds it
 * taken and stands by; when the holder stops or dies, PostgreSQL releases the lock with its
 * session and a standby takes over from the durable checkpoint.
 *
 * Losing the connection loses the lock: `lost` resolves and the relay must stop publishing
 * at once. A batch already in flight may still land while another instance starts, which
 * repeats events (consumers dedupe by id) but never skips one: both resume from checkpoints
 * that only move after the broker's acknowledgement.
 */
export class RelayLease {
  private client: PoolClient | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private lostSignal: { promise: Promise<void>; resolve: () => void } = deferred();

  constructor(
    private readonly pool: Pool,
    /** One lock per checkpoint: relays of different checkpoints never wait for each other. */
    private readonly key: string,
  ) {}

  get held(): boolean {
    return this.client !== undefined;
  }

  /** Resolves when the lease, once acquired, is lost (its connection failed). */
  get lost(): Promise<void> {
    return this.lostSignal.promise;
  }

  /** True when this instance holds the lease (now or already); false when another one does. */
  async acquire(): Promise<boolean> {
    if (this.client) return true;
    const client = await this.pool.connect();
    let held = false;
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held', [this.key]);
      held = rows[0]?.held === true;
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    if (!held) {
      client.release();
      return false;
    }
    this.client = client;
    this.lostSignal = deferred();
    const onLost = () => this.drop(client);
    client.on('error', onLost);
    // A connection that died quietly (network) is only noticed when used.
    this.keepAlive = setInterval(() => void client.query('SELECT 1').catch(onLost), KEEP_ALIVE_MS);
    this.keepAlive.unref();
    return true;
  }

  async release(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearInterval(this.keepAlive);
    try {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.key]);
      client.release();
    } catch {
      // Ending the session releases the lock as well.
      client.release(true);
    }
  }

  private drop(client: PoolClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.keepAlive);
    client.release(true);
    this.lostSignal.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
