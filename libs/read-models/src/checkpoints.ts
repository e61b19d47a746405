import type { Queryable } from './db';

/** Another projector instance moved the checkpoint: this batch must not be applied on top of it. */
export class ProjectionCheckpointConflict extends Error {
  readonly code = 'CHECKPOINT_CONFLICT' as const;

  constructor(
    readonly checkpointName: string,
    readonly expected: bigint,
    /** The stored position when the conflict was seen (`undefined` when there is none). */
    readonly actual: bigint | undefined,
  ) {
    super(`checkpoint ${checkpointName}: expected position ${expected}, found ${actual ?? 'none'}`);
    this.name = 'ProjectionCheckpointConflict';
  }
}

/** The checkpoint the projector keeps the read models under. */
export const READ_MODELS_CHECKPOINT = 'read-models';

/** The global position the read models were built up to under this name; `0n` before the first batch. */
export async function loadCheckpoint(db: Queryable, name: string): Promise<bigint> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [name]);
  return rows[0] ? BigInt(rows[0].position) : 0n;
}

/**
 * Compare-and-set: moves the checkpoint from `expected` to `next` or throws
 * ProjectionCheckpointConflict. Run it in the batch's transaction: the row lock it takes makes a
 * second instance wait, then fail, instead of applying the same batch twice.
 */
export async function advanceCheckpoint(db: Queryable, name: string, expected: bigint, next: bigint): Promise<void> {
  if (next < expected) throw new RangeError(`checkpoint ${name}: cannot move back from ${expected} to ${next}`);
  const { rowCount } =
    expected === 0n
      ? await db.query(
          `INSERT INTO rm_checkpoints (name, position) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now() WHERE rm_checkpoints.position = 0`,
          [name, next.toString()],
        )
      : await db.query('UPDATE rm_checkpoints SET position = $3, updated_at = now() WHERE name = $1 AND position = $2', [
          name,
          expected.toString(),
          next.toString(),
        ]);
  if (rowCount === 1) return;
  const { rows } = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [name]);
  throw new ProjectionCheckpointConflict(name, expected, rows[0] ? BigInt(rows[0].position) : undefined);
}

/**
 * How far the read models are built (global position): a caller holding a command's position
 * can tell whether a query already reflects it.
 */
export function readModelsPosition(db: Queryable): Promise<bigint> {
  return loadCheckpoint(db, READ_MODELS_CHECKPOINT);
}
