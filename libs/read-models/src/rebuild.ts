import { eventTypesByModule, type RecordedEvent } from '@oms/contracts';
import type { EventStore, ReadAllResult } from '@oms/event-store';
import { Pool, type ClientConfig } from 'pg';
import { loadCheckpoint, READ_MODELS_CHECKPOINT } from './checkpoints';
import { migrateReadModels } from './migrations';
import { DEFAULT_PROJECTION_BATCH_SIZE, projectBatch, projectEvents } from './projector';

// Rebuilding every read model from position 0 while the platform keeps serving and the live
// projector keeps writing (docs/adr/0003-projection-rebuild.md):
//  1. build shadow tables in schema rm_rebuild (the same migrations, the same projections, a
//     session search_path pointing there) from the log, up to its end;
//  2. in one transaction: lock the live checkpoint row (waits for the projector's batch in hand,
//     holds its next one), lock the live tables, bring the shadow to the live checkpoint, move
//     the live tables out (schema rm_retired) and the shadow ones in, keep the checkpoint;
//  3. the projector goes on from its checkpoint into the new tables, none the wiser.
// Only rm_* tables are written: no event is appended, nothing is published or sent.

/** The tables a rebuild replaces. rm_checkpoints stays: its row is the position both sides agree on. */
export const rebuiltTables = ['rm_orders', 'rm_timeline', 'rm_notifications'] as const;

/** Only the published vocabulary builds read models (the projector subscribes with the same filter). */
export const projectedEventTypes: string[] = Object.values(eventTypesByModule).flat() as string[];

export const SHADOW_SCHEMA = 'rm_rebuild';
export const RETIRED_SCHEMA = 'rm_retired';

/** Session advisory lock: one rebuild at a time per database. */
const REBUILD_LOCK_KEY = 7_203_114_002;

export type RebuildPhase = 'counting' | 'copying' | 'catching-up' | 'swapping' | 'done';

export interface RebuildProgress {
  phase: RebuildPhase;
  /** Events applied to the shadow tables so far. */
  events: number;
  /** Events to apply as counted at the start (the log grows meanwhile: `events` may pass it). */
  total: number;
  position: bigint;
}

export interface RebuildOptions {
  /** The read models' database (its connection settings open the shadow's own connections). */
  pool: Pool;
  /** Where the events come from (upcast on read, like the projector's). */
  store: EventStore;
  /** Events per shadow transaction. */
  batchSize?: number;
  /** Keep the replaced tables in schema rm_retired (to compare them); dropped by default. */
  keepRetired?: boolean;
  /** How long the swap may wait for a table lock before it lets readers through and tries again. */
  lockTimeoutMs?: number;
  onProgress?: (progress: RebuildProgress) => void;
  log?: (line: string) => void;
  /** Runs once the shadow is built, before the swap (tests make the live projector move ahead here). */
  beforeSwap?: () => Promise<void>;
}

export interface RebuildReport {
  /** Events applied to the new tables (from 0, plus the catch-up inside the swap). */
  events: number;
  /** Position of the new tables when they went live (the checkpoint the projector goes on from). */
  position: bigint;
  /** Events applied inside the swap transaction, with the live tables locked. */
  caughtUpInSwap: number;
  /** How long the live tables were locked. */
  swapMs: number;
  durationMs: number;
  eventsPerSecond: number;
  /** Schema holding the replaced tables, when kept. */
  retiredSchema?: string;
}

export class RebuildInProgress extends Error {
  constructor() {
    super('another projection rebuild is running on this database');
    this.name = 'RebuildInProgress';
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Rebuilds every read model from the log into fresh tables and swaps them in atomically. */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? DEFAULT_PROJECTION_BATCH_SIZE;
  const log = options.log ?? (() => undefined);
  const progress = (update: RebuildProgress) => options.onProgress?.(update);
  const lockHolder = await options.pool.connect();
  const { rows: locked } = await lockHolder.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [REBUILD_LOCK_KEY]).catch((error) => {
    lockHolder.release();
    throw error;
  });
  if (!locked[0].locked) {
    lockHolder.release();
    throw new RebuildInProgress();
  }
  let shadow: Pool | undefined;
  try {
    // The live schema first, so that both sides have the same migrations.
    await migrateReadModels(options.pool);
    await options.pool.query(`DROP SCHEMA IF EXISTS ${SHADOW_SCHEMA} CASCADE`);
    await options.pool.query(`CREATE SCHEMA ${SHADOW_SCHEMA}`);
    shadow = new Pool({ ...(options.pool.options as ClientConfig), max: 2, options: `-c search_path=${SHADOW_SCHEMA}` });
    shadow.on('error', () => undefined);
    await migrateReadModels(shadow);

    progress({ phase: 'counting', events: 0, total: 0, position: 0n });
    const total = Number(
      (await options.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events WHERE type = ANY($1::text[])', [projectedEventTypes]).catch(() => ({ rows: [{ n: '0' }] })))
        .rows[0].n,
    );

    // 1. The shadow, from 0 to the end of the log; the next page is read while one is applied.
    let position = 0n;
    let events = 0;
    const read = (after: bigint) => options.store.readAll({ after, maxCount: batchSize, filter: { eventTypes: projectedEventTypes } });
    let next: Promise<ReadAllResult> = read(0n);
    // Fresh tables have no statistics: without an ANALYZE now and then as they grow, the
    // projections' lookups are planned for empty tables (sequential scans) and slow down.
    let analyzeAt = 5_000;
    for (;;) {
      const page = await next;
      if (page.lastPosition > position) next = read(page.lastPosition);
      if (page.lastPosition > position) {
        await projectBatch(shadow, page.events, READ_MODELS_CHECKPOINT, position, page.lastPosition);
        position = page.lastPosition;
        events += page.events.length;
        progress({ phase: 'copying', events, total: Math.max(total, events), position });
        if (events >= analyzeAt) {
          await shadow.query(`ANALYZE ${rebuiltTables.join(', ')}`);
          analyzeAt *= 2;
        }
      }
      if (page.isEnd) {
        await next.catch(() => undefined);
        break;
      }
    }
    log(`read models: shadow tables built up to position ${position} (${events} events)`);

    await options.beforeSwap?.();
    // 2. Swap, retried when a table lock is not granted in time (readers are let through meanwhile).
    await options.pool.query(`DROP SCHEMA IF EXISTS ${RETIRED_SCHEMA} CASCADE`);
    for (let attempt = 1; ; attempt++) {
      progress({ phase: 'swapping', events, total: Math.max(total, events), position });
      try {
        const swapped = await swap(options, position, options.lockTimeoutMs ?? 5_000);
        events += swapped.caughtUp;
        position = swapped.position;
        log(`read models: swapped in at position ${position} (${swapped.caughtUp} events caught up with the tables locked for ${swapped.swapMs} ms)`);
        if (!options.keepRetired) await options.pool.query(`DROP SCHEMA IF EXISTS ${RETIRED_SCHEMA} CASCADE`);
        progress({ phase: 'done', events, total: Math.max(total, events), position });
        const durationMs = Date.now() - started;
        return {
          events,
          position,
          caughtUpInSwap: swapped.caughtUp,
          swapMs: swapped.swapMs,
          durationMs,
          eventsPerSecond: Math.round(events / Math.max(durationMs / 1000, 0.001)),
          ...(options.keepRetired ? { retiredSchema: RETIRED_SCHEMA } : {}),
        };
      } catch (error) {
        if (!isLockTimeout(error) || attempt >= 10) throw error;
        log(`read models: the live tables were busy (attempt ${attempt}); trying the swap again`);
        // Catch up outside the lock meanwhile, so the next attempt has less to do.
        position = await catchUpShadow(shadow, options.store, position, batchSize, (applied) => (events += applied));
      }
    }
  } finally {
    await options.pool.query(`DROP SCHEMA IF EXISTS ${SHADOW_SCHEMA} CASCADE`).catch(() => undefined);
    await shadow?.end();
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [REBUILD_LOCK_KEY]).catch(() => undefined);
    lockHolder.release();
  }
}

/** The shadow brought to the end of the log, outside any lock; returns its new position. */
async function catchUpShadow(shadow: Pool, store: EventStore, from: bigint, batchSize: number, applied: (count: number) => void): Promise<bigint> {
  let position = from;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: batchSize, filter: { eventTypes: projectedEventTypes } });
    if (page.lastPosition > position) {
      await projectBatch(shadow, page.events, READ_MODELS_CHECKPOINT, position, page.lastPosition);
      applied(page.events.length);
      position = page.lastPosition;
    }
    if (page.isEnd) return position;
  }
}

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '55P03';
}

/** The swap transaction (see the top of this file). */
async function swap(options: RebuildOptions, shadowPosition: bigint, lockTimeoutMs: number): Promise<{ position: bigint; caughtUp: number; swapMs: number }> {
  const client = await options.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    // The checkpoint row first, as the projector takes it: waits for its batch in hand, holds the next.
    await client.query(`INSERT INTO public.rm_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [READ_MODELS_CHECKPOINT]);
    const { rows } = await client.query<{ position: string }>('SELECT position FROM public.rm_checkpoints WHERE name = $1 FOR UPDATE', [READ_MODELS_CHECKPOINT]);
    const live = BigInt(rows[0].position);
    const lockedAt = Date.now();
    await client.query(`LOCK TABLE ${rebuiltTables.map((table) => `public.${table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);

    // Bring the shadow exactly to the live checkpoint: events after it are the projector's to apply.
    let position = shadowPosition;
    let caughtUp = 0;
    if (live > position) {
      await client.query(`SET LOCAL search_path = ${SHADOW_SCHEMA}`);
      const shadowAt = await loadCheckpoint(client, READ_MODELS_CHECKPOINT);
      if (shadowAt !== position) throw new Error(`rebuild: the shadow checkpoint is at ${shadowAt}, expected ${position}`);
      while (position < live) {
        const page = await options.store.readAll({ after: position, maxCount: 1_000, filter: { eventTypes: projectedEventTypes } });
        const upTo = page.events.filter((event: RecordedEvent) => event.position <= live);
        if (upTo.length > 0) await projectEvents(client, upTo);
        caughtUp += upTo.length;
        const reached = page.lastPosition > live || page.events.length > upTo.length ? live : page.lastPosition;
        if (reached <= position) throw new Error(`rebuild: the log ends at ${position}, before the live checkpoint ${live}`);
        position = reached;
      }
      await client.query(`SET LOCAL search_path = public`);
    } else if (position > live) {
      // The shadow is ahead of a slow (or stopped) projector: it goes on from the shadow's position.
      await client.query('UPDATE public.rm_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [READ_MODELS_CHECKPOINT, position.toString()]);
    }

    await client.query(`CREATE SCHEMA ${RETIRED_SCHEMA}`);
    for (const table of rebuiltTables) await client.query(`ALTER TABLE public.${table} SET SCHEMA ${RETIRED_SCHEMA}`);
    for (const table of rebuiltTables) await client.query(`ALTER TABLE ${SHADOW_SCHEMA}.${table} SET SCHEMA public`);
    // What the retired tables were built up to, for whoever compares them.
    await client.query(`CREATE TABLE ${RETIRED_SCHEMA}.rm_checkpoints (name text PRIMARY KEY, position bigint NOT NULL)`);
    await client.query(`INSERT INTO ${RETIRED_SCHEMA}.rm_checkpoints (name, position) VALUES ($1, $2)`, [READ_MODELS_CHECKPOINT, live.toString()]);
    await client.query('COMMIT');
    return { position: position > live ? position : live, caughtUp, swapMs: Date.now() - lockedAt };
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

export interface TableDifference {
  table: string;
  /** Rows of `left` that `right` lacks (as many times as they are missing), and the other way round. */
  onlyLeft: number;
  onlyRight: number;
  /** A few differing rows, as JSON, for a failing test's message. */
  samples: string[];
}

/** Row-for-row comparison of the rebuilt tables in two schemas (e.g. public and rm_retired). */
export async function compareReadModels(pool: Pool, left: string, right: string): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const table of rebuiltTables) {
    const [l, r] = [`${quoteIdentifier(left)}.${table}`, `${quoteIdentifier(right)}.${table}`];
    const { rows } = await pool.query<{ only_left: string; only_right: string; samples: string[] | null }>(
      `WITH only_left AS (SELECT * FROM ${l} EXCEPT ALL SELECT * FROM ${r}),
            only_right AS (SELECT * FROM ${r} EXCEPT ALL SELECT * FROM ${l})
       SELECT (SELECT count(*) FROM only_left) AS only_left, (SELECT count(*) FROM only_right) AS only_right,
              (SELECT array_agg(s) FROM ((SELECT '< ' || row_to_json(x)::text AS s FROM only_left x LIMIT 3)
                                         UNION ALL (SELECT '> ' || row_to_json(y)::text FROM only_right y LIMIT 3)) samples) AS samples`,
    );
    const onlyLeft = Number(rows[0].only_left);
    const onlyRight = Number(rows[0].only_right);
    if (onlyLeft > 0 || onlyRight > 0) differences.push({ table, onlyLeft, onlyRight, samples: rows[0].samples ?? [] });
  }
  return differences;
}
