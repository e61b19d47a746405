import type { Pool } from 'pg';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Forward-only, in order. A released migration is never edited: a change is a new version.
 * Every read model carries the global position it was built up to.
 */
const migrations: Migration[] = [
  {
    version: 1,
    name: 'orders, timeline, notifications, checkpoints',
    sql: `
      CREATE TABLE rm_orders (
        id uuid PRIMARY KEY,
        order_number text NOT NULL UNIQUE,
        customer_id text NOT NULL,
        currency text NOT NULL,
        status text NOT NULL,
        lines jsonb NOT NULL DEFAULT '[]',
        totals jsonb NOT NULL,
        modules jsonb NOT NULL DEFAULT '{}',
        -- revision of each module stream applied, so a module event seen twice acts once
        module_revisions jsonb NOT NULL DEFAULT '{}',
        holds jsonb NOT NULL DEFAULT '[]',
        cancellation jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX rm_orders_created_idx ON rm_orders (created_at DESC, id DESC);
      CREATE INDEX rm_orders_status_created_idx ON rm_orders (status, created_at DESC, id DESC);
      CREATE INDEX rm_orders_customer_created_idx ON rm_orders (customer_id, created_at DESC, id DESC);

      CREATE TABLE rm_timeline (
        order_id uuid NOT NULL,
        seq integer NOT NULL,
        module text NOT NULL CHECK (module IN ('order', 'finance', 'logistics', 'travel')),
        status_code text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
        payload jsonb NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL,
        closed_at timestamptz,
        event_id uuid NOT NULL UNIQUE,
        position bigint NOT NULL,
        PRIMARY KEY (order_id, seq)
      );
      CREATE INDEX rm_timeline_open_idx ON rm_timeline (order_id, module) WHERE closed_at IS NULL;

      CREATE TABLE rm_notifications (
        notification_id text PRIMARY KEY,
        order_id uuid NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        sent_at timestamptz NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX rm_notifications_order_idx ON rm_notifications (order_id, sent_at, notification_id);

      CREATE TABLE rm_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'timeline entries close in place (HOT updates)',
    // Closing an entry (setting closed_at) is the projection's one UPDATE. While an index named
    // closed_at (the partial "open entries" index) every close wrote new entries into all three
    // indexes of rm_timeline; with none, and room left on each page, it is a heap-only (HOT)
    // update. An order's open entries are found through the primary key (order_id, seq): a few
    // dozen rows at most.
    sql: `
      DROP INDEX rm_timeline_open_idx;
      ALTER TABLE rm_timeline SET (fillfactor = 85);
    `,
  },
];

/** Arbitrary but fixed: every process migrating the read models takes the same lock. */
const MIGRATION_LOCK_KEY = 7_203_114_001;

/**
 * Brings the read-model schema up to date. Safe to call from any number of processes at once:
 * one transaction under an advisory lock, so a second caller waits and then finds nothing to do,
 * and a failed migration leaves no half-made table behind.
 */
export async function migrateReadModels(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS rm_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM rm_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newlyApplied: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO rm_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      newlyApplied.push(migration.version);
    }
    await client.query('COMMIT');
    return newlyApplied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
