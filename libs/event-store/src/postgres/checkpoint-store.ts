import type { ClientBase, Pool, PoolClient } from 'pg';
import { CheckpointConflict } from '../errors';
import { int8AsBigInt } from './int8';

/**
 * Durable subscription checkpoints, moved by compare-and-set: an instance that lost the
 * consumer role (or a stale retry) gets CheckpointConflict instead of moving it backwards.
 * `0n` means "no checkpoint": start from the beginning of the log.
 */
export class CheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(subscription: string): Promise<bigint> {
    return (await readCheckpoint(this.pool, subscription)) ?? 0n;
  }

  /** Moves the checkpoint inside the caller's transaction (`client` is in it): see commitCheckpoint. */
  commit(client: ClientBase, subscription: string, expected: bigint, next: bigint): Promise<void> {
    return commitCheckpoint(client, subscription, expected, next);
  }
}

async function readCheckpoint(db: Pool | ClientBase, subscription: string): Promise<bigint | undefined> {
  const { rows } = await db.query<{ position: bigint }>({
    text: 'SELECT position FROM es_checkpoints WHERE subscription = $1',
    values: [subscription],
    types: int8AsBigInt,
  });
  return rows[0]?.position;
}

/**
 * Compare-and-set of a checkpoint from `expected` (0n: none yet) to `next`, on the caller's
 * client so that it commits or rolls back with the consumer's own writes. Concurrent movers
 * serialize on the row: the loser re-checks after the winner commits and gets CheckpointConflict.
 */
export async function commitCheckpoint(client: ClientBase, subscription: string, expected: bigint, next: bigint): Promise<void> {
  const { rowCount } =
    expected === 0n
      ? await client.query(
          `INSERT INTO es_checkpoints (subscription, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (subscription) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
           WHERE es_checkpoints.position = 0`,
          [subscription, next.toString()],
        )
      : await client.query('UPDATE es_checkpoints SET position = $3, updated_at = now() WHERE subscription = $1 AND position = $2', [
          subscription,
          expected.toString(),
          next.toString(),
        ]);
  if (rowCount !== 1) throw new CheckpointConflict(subscription, expected, await readCheckpoint(client, subscription));
}

/**
 * Runs a consumer's work for one batch and moves its checkpoint in the same transaction: a
 * crash before COMMIT loses both (the batch is delivered again), a crash after keeps both
 * (the batch is not delivered again). Hence neither a lost nor a repeated effect.
 */
export async function runInTransaction<T>(
  pool: Pool,
  subscription: string,
  expected: bigint,
  next: bigint,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await commitCheckpoint(client, subscription, expected, next);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (rollbackError) {
      client.release(rollbackError instanceof Error ? rollbackError : true);
    }
    throw error;
  }
}
