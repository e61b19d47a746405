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
        text: `SELECT ${eventColumns} FROM es_events e
                WHERE e.position > $1 AND e.position < ${FENCE}
                ORDER BY e.position LIMIT $2`,
        values: [after.toString(), maxCount],
        types: int8AsBigInt,
      },
    };
  }
  // Scan a window of the log in order, flag matches, and send the heavy columns of matches
  // only: the reader learns how far it scanned even when nothing matched.
  const window = Math.min(Math.max(maxCount * SCAN_FACTOR, maxCount), MAX_SCAN_WINDOW);
  const prefixes = filter.streamPrefixes?.length ? filter.streamPrefixes.map(likePrefix) : null;
  const eventTypes = filter.eventTypes?.length ? filter.eventTypes : null;
  return {
    window,
    query: {
      text: `SELECT s.position, s.matches, s.stream_id, s.revision, s.event_id, s.type, s.recorded_at,
                    CASE WHEN s.matches THEN s.data END AS data,
                    CASE WHEN s.matches THEN s.metadata END AS metadata,
                    CASE WHEN s.matches THEN s.hash END AS hash,
                    CASE WHEN s.matches THEN s.previous_hash END AS previous_hash
               FROM (SELECT e.*,
                            ($3::text[] IS NULL OR e.stream_id LIKE ANY ($3::text[]))
                            AND ($4::text[] IS NULL OR e.type = ANY ($4::text[])) AS matches
                       FROM es_events e
                      WHERE e.position > $1 AND e.position < ${FENCE}
                      ORDER BY e.position LIMIT $2) s`,
      values: [after.toString(), window, prefixes, eventTypes],
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
  let lastPosition = after;
  for (const row of rows) {
    if (events.length === maxCount) {
      // Stop at the last event returned: the rest of the window is read again next time.
      return { events, lastPosition, isEnd: false };
    }
    if (row.matches) events.push(toRecordedEvent(row));
    lastPosition = row.position;
  }
  return { events, lastPosition, isEnd: rows.length < window };
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
  const { rows } = await db.query<{ held: boolean }>({ text: heldBackQuery });
  return rows[0]?.held ?? false;
}
