import type { QueryConfig } from 'pg';
import type { ReadStreamOptions } from '../event-store';
import { int8AsBigInt } from './int8';
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
    text: `SELECT ${eventColumns} FROM es_events e
            WHERE e.stream_id = $1 AND e.revision ${backwards ? '<=' : '>='} $2
            ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
    values: [streamId, String(from), options.maxCount ?? null],
    types: int8AsBigInt,
  };
}
