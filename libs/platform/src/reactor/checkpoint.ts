import { CheckpointStore, migrate } from '@oms/event-store';
import type { Pool, PoolClient } from 'pg';

const UNDEFINED_TABLE = '42P01';

/**
 * A reactor's durable position (table es_checkpoints), moved by compare-and-set from the
 * position this instance last saw. `0n` means none: start from the beginning of the log.
 */
export class Checkpoint {
  private current = 0n;
  private readonly store: CheckpointStore;

  constructor(
    private readonly pool: Pool,
    readonly name: string,
  ) {
    this.store = new CheckpointStore(pool);
  }

  get position(): bigint {
    return this.current;
  }

  async load(): Promise<bigint> {
    try {
      this.current = await this.store.load(this.name);
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      // With EVENT_STORE=eventstoredb nothing else creates es_checkpoints in PostgreSQL; the
      // event store's own migration does, idempotently and under its lock.
      await migrate(this.pool);
      this.current = await this.store.load(this.name);
    }
    return this.current;
  }

  /** Takes the stored position as the truth (after another instance moved it). */
  reset(position: bigint): void {
    this.current = position;
  }

  /**
   * Moves the checkpoint to `next` in one transaction, after `work` has written its effects on
   * the same client: both commit, or neither.
   */
  async advance(next: bigint, work?: (client: PoolClient) => Promise<void>): Promise<void> {
    if (next <= this.current) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work?.(client);
      await this.store.commit(client, this.name, this.current, next);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: unknown) => client.release(rollbackError instanceof Error ? rollbackError : true),
      );
      throw error;
    }
    this.current = next;
  }
}
