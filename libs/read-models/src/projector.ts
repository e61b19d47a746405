import type { RecordedEvent } from '@oms/contracts';
import type { Pool } from 'pg';
import { advanceCheckpoint } from './checkpoints';
import type { Queryable } from './db';
import { projectNotifications } from './notification-projection';
import { projectOrders } from './order-projection';
import { projectTimeline } from './timeline-projection';

/**
 * Events per projection batch (one transaction) for the projector and the rebuild. A batch is a
 * handful of statements whatever its size, and a timeline entry that opens and closes within
 * one batch is written once instead of inserted then updated: large batches while catching up.
 * Live, a batch holds only what arrived since the last one.
 */
export const DEFAULT_PROJECTION_BATCH_SIZE = 2_000;

/** Every projection of the read models, each idempotent on its own. */
const projections: ((db: Queryable, events: readonly RecordedEvent[]) => Promise<void>)[] = [projectOrders, projectTimeline, projectNotifications];

/** Applies events (in global order) to every read model, inside the caller's transaction. */
export async function projectEvents(db: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  for (const project of projections) await project(db, events);
}

/** One event: a batch of one. */
export function projectEvent(db: Queryable, event: RecordedEvent): Promise<void> {
  return projectEvents(db, [event]);
}

/**
 * Applies a batch and moves the checkpoint from `expectedPosition` to `lastPosition`, all in one
 * transaction: a crash before the commit leaves neither effect nor checkpoint, so the batch is
 * redelivered and applied once; a checkpoint moved meanwhile by another instance
 * (ProjectionCheckpointConflict) rolls the whole batch back.
 *
 * The commit is asynchronous (synchronous_commit off, this transaction only): read models are
 * derived from the log, and the checkpoint commits with the rows, so a PostgreSQL crash can
 * only lose the last batches' rows and checkpoint together, which the projector then applies
 * again from the log. Never torn, never skipped; it spares every batch a WAL flush
 * (docs/adr/0004-projector-asynchronous-commit.md).
 */
export async function projectBatch(
  pool: Pool,
  events: readonly RecordedEvent[],
  checkpointName: string,
  expectedPosition: bigint,
  lastPosition: bigint,
): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN; SET LOCAL synchronous_commit TO off');
    // The checkpoint first: its row lock orders competing instances before any work is done.
    await advanceCheckpoint(client, checkpointName, expectedPosition, lastPosition);
    await projectEvents(client, events);
    await client.query('COMMIT');
  } catch (error) {
    // A connection that cannot even roll back is dropped rather than returned to the pool.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
