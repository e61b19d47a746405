import type { Pool } from 'pg';
import { appendFastPathMigration, createAppendFunction } from './append-function';
import { eventHashByConcatenationMigration, hashChainMigration } from './hash-chain';
import { createTables, metadataCheckFunctionMigration } from './schema';

export interface Migration {
  /** Never reused, never renumbered: the table of applied migrations records it. */
  id: number;
  name: string;
  sql: string;
}

/**
 * Append-only: a change to the schema is a new migration, never an edit of an applied one.
 * Functions are code: a migration that changes one re-creates it from its current text (so
 * earlier migrations that created it may run the current text too, harmlessly).
 */
export const migrations: readonly Migration[] = [
  { id: 1, name: 'event log and checkpoints', sql: createTables },
  { id: 2, name: 'es_append function', sql: createAppendFunction },
  { id: 3, name: 'es_append: optional NOTIFY (p_notify)', sql: createAppendFunction },
  { id: 4, name: 'hash chain: es_events.hash and previous_hash, backfilled; es_append computes them', sql: hashChainMigration },
  { id: 5, name: 'es_append: two statements for one stream, idempotency checked on conflict only; es_event_hash inlined', sql: appendFastPathMigration },
  { id: 6, name: 'es_events metadata check through es_metadata_is_valid (same condition, cheaper per INSERT)', sql: metadataCheckFunctionMigration },
  { id: 7, name: 'es_append: one stream in straight-line code (fewer expressions per call); positions without a subquery', sql: createAppendFunction },
  { id: 8, name: 'es_append: a batch on one stream is a plain INSERT in a subtransaction (no ON CONFLICT check per row)', sql: createAppendFunction },
  { id: 9, name: 'es_event_hash: the same canonical bytes, written by concatenation (half the cost per event)', sql: eventHashByConcatenationMigration },
  { id: 10, name: 'es_append: an event-id conflict names the streams that hold the ids', sql: createAppendFunction },
];

// Two-int advisory keys live in another key space than the bigint keys es_append takes per
// stream, so the migration lock can never collide with a stream's lock.
const LOCK_CLASS = 0x65735f6d; // 'es_m'
const LOCK_OBJECT = 1;

/**
 * Brings the event store's schema up to date. Idempotent, and safe when several instances
 * start at once: a session advisory lock lets one migrate while the others wait, then find
 * nothing left to do. Each migration commits with its record, so a crash leaves no half-step.
 * Returns the ids it applied.
 */
export async function migrate(pool: Pool, log: (line: string) => void = () => {}): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, LOCK_OBJECT]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS es_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await client.query<{ id: number }>('SELECT id FROM es_migrations')).rows.map((row) => row.id));
      for (const migration of migrations) {
        if (done.has(migration.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO es_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.id);
        log(`event store: applied migration ${migration.id} (${migration.name})`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_OBJECT]);
    }
  } catch (error) {
    // A connection that failed mid-migration may still hold the lock or a transaction.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
  return applied;
}
