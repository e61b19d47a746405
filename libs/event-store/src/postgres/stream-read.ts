import type { QueryConfig } from 'pg';
import type { ReadStreamOptions } from '../event-store';
import { int8AsBigInt } from './int8';
import { FENCE } from './global-log';
import { eventColumns } from './recorded-event-row';

const MAX_REVISION = '9223372036854775807';

/**
 * One stream's events by revision, on the (stream_id, revision) unique index. No fence here:
 * stream reads are for deciding, and must see every committed event.
 */
export function readStreamQuery(streamId: string, options: ReadStreamOptions = {}): QueryConfig {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? (backwards ? MAX_REVISION : 0);
  return {
    // Named (a decider reads its stream before every command): parsed once per connection.
    name: backwards ? 'oms_read_stream_backwards' : 'oms_read_stream',
    text: `SELECT ${eventColumns} FROM es_events e
            WHERE e.stream_id = $1 AND e.revision ${backwards ? '<=' : '>='} $2
            ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
    values: [streamId, String(from), options.maxCount ?? null],
    types: int8AsBigInt,
  };
}

/**
 * Several streams merged by global position, below the fence (global-log.ts) so that paging
 * by position never skips an event committed later with a smaller position. The rows come from
 * the (stream_id, revision) index, one range per stream, then sorted: meant for a handful of
 * short streams (one order's), not for a large part of the log.
 */
export function readStreamsQuery(streamIds: readonly string[], after: bigint, maxCount: number): QueryConfig {
  return {
    text: `SELECT ${eventColumns} FROM es_events e
            WHERE e.stream_id = ANY($1::text[]) AND e.position > $2 AND e.position < ${FENCE}
            ORDER BY e.position LIMIT $3`,
    values: [[...streamIds], after.toString(), maxCount],
    types: int8AsBigInt,
  };
}
