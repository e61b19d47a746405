import type { QueryConfig } from 'pg';
import type { AllFilter, ReadAllResult } from '../event-store';
import { int8AsBigInt } from './int8';
import { eventColumns, toRecordedEvent, type EventRow } from './recorded-event-row';
import { ORDINAL_BITS } from './schema';

/**
 * The fence: every transaction whose xid is below the snapshot's xmin has ended (committed or
 * rolled back), so no event can appear below (xmin << 20) after this read. Reading strictly
 * below it and resuming from "position > last" can therefore never skip an event, whatever
 * order transactions commit in. A scalar subquery, so it is computed once (an InitPlan) and
 * the range is an index condition on the primary key: no sort, no sequential scan.
 */
export const FENCE = `(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${ORDINAL_BITS})`;

export const DEFAULT_READ_ALL_COUNT = 500;

/**
 * Named statements: every subscriber runs these after every commit signal, and planning them
 * cost PostgreSQL as much as running them (pg_stat_statements with track_planning, e2e bench).
 * A named statement is parsed once per connection; PostgreSQL may then reuse a generic plan,
 * which the query-plan test checks is the same index range scan.
 */
const STATEMENT = { all: 'oms_global_log', filtered: 'oms_global_log_filtered', heldBack: 'oms_held_back' } as const;

/**
 * With a filter, scan up to this many log rows per matching event wanted: the page may end
 * past non-matching events (so a reader moves on through a log that matches rarely) without
 * scanning unboundedly in one query.
 */
const SCAN_FACTOR = 4;
const MAX_SCAN_WINDOW = 20_000;

interface Queryable {
  query<R extends object>(config: QueryConfig): Promise<{ rows: R[] }>;
}

export interface GlobalLogPage {
  query: QueryConfig;
  /** Rows the query scans at most; `undefined` when it reads matching events only. */
  window?: number;
}

function hasFilter(filter: AllFilter | undefined): filter is AllFilter {
  return (filter?.streamPrefixes?.length ?? 0) > 0 || (filter?.eventTypes?.length ?? 0) > 0;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The SQL of one page of the global log; exposed for the query-plan test. */
export function globalLogQuery(after: bigint, maxCount: number, filter?: AllFilter): GlobalLogPage {
  if (!hasFilter(filter)) {
    return {
      query: {
        name: STATEMENT.all,
        text: `SELECT ${eventColumns} FROM es_events e
                WHERE e.position > $1 AND e.position < ${FENCE}
                ORDER BY e.position LIMIT $2`,
        values: [after.toString(), maxCount],
        types: int8AsBigInt,
      },
    };
  }
  // Scan a window of the log in order, flag matches, and send the heavy columns of matches
  // only: the reader learns how far it scanned even when nothing matched. The running count of
  // matches (nth) ends the page at the maxCount-th match: a log where most events match must not
  // ship and parse a whole window of heavy rows to use a quarter of them.
  const window = Math.min(Math.max(maxCount * SCAN_FACTOR, maxCount), MAX_SCAN_WINDOW);
  const prefixes = filter.streamPrefixes?.length ? filter.streamPrefixes.map(likePrefix) : null;
  const eventTypes = filter.eventTypes?.length ? filter.eventTypes : null;
  return {
    window,
    query: {
      name: STATEMENT.filtered,
      text: `SELECT w.position, w.matches, w.stream_id, w.revision, w.event_id, w.type, w.recorded_at,
                    CASE WHEN w.matches THEN w.data END AS data,
                    CASE WHEN w.matches THEN w.metadata END AS metadata,
                    CASE WHEN w.matches THEN w.hash END AS hash,
                    CASE WHEN w.matches THEN w.previous_hash END AS previous_hash
               FROM (SELECT s.*, count(*) FILTER (WHERE s.matches) OVER (ORDER BY s.position ROWS UNBOUNDED PRECEDING) AS nth
                       FROM (SELECT e.*,
                                    ($3::text[] IS NULL OR e.stream_id LIKE ANY ($3::text[]))
                                    AND ($4::text[] IS NULL OR e.type = ANY ($4::text[])) AS matches
                               FROM es_events e
                              WHERE e.position > $1 AND e.position < ${FENCE}
                              ORDER BY e.position LIMIT $2) s) w
              WHERE w.nth <= $5`,
      values: [after.toString(), window, prefixes, eventTypes, maxCount],
      types: int8AsBigInt,
    },
  };
}

/** One page of the global log, below the fence (see FENCE). */
export async function readGlobalLog(db: Queryable, after: bigint, maxCount: number, filter?: AllFilter): Promise<ReadAllResult> {
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new RangeError(`maxCount must be a positive integer (got ${maxCount})`);
  const { query, window } = globalLogQuery(after, maxCount, filter);
  if (window === undefined) {
    const { rows } = await db.query<EventRow>(query);
    return {
      events: rows.map(toRecordedEvent),
      lastPosition: rows.length > 0 ? rows[rows.length - 1].position : after,
      isEnd: rows.length < maxCount,
    };
  }
  const { rows } = await db.query<EventRow & { matches: boolean }>(query);
  const events = [];
  for (const row of rows) if (row.matches) events.push(toRecordedEvent(row));
  return {
    events,
    // Past the non-matching rows too: none of them, nor anything between, is wanted.
    lastPosition: rows.length > 0 ? rows[rows.length - 1].position : after,
    // A page cut at maxCount matches may have more behind it; otherwise a short window is the end.
    isEnd: events.length < maxCount && rows.length < window,
  };
}

/** The probe behind eventsHeldBack; exposed for the query-plan test. */
export const heldBackQuery = `SELECT coalesce((SELECT max(e.position) FROM es_events e), 0) >= ${FENCE} AS held`;

/**
 * True when committed events exist above the fence: a transaction that began earlier (anywhere
 * in the cluster, appending or not) is still open and holds them back. Subscribers then retry
 * soon instead of waiting for a notification that may never come. Compares the log's highest
 * position (one index probe) with the fence: an EXISTS over `position >= fence` looks cheaper
 * to the planner than it is and became a sequential scan.
 */
export async function eventsHeldBack(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>({ name: STATEMENT.heldBack, text: heldBackQuery });
  return rows[0]?.held ?? false;
}
