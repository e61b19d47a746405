import type { EventMetadata, RecordedEvent } from '@oms/contracts';
import { upcast } from '../upcasting/upcasting';

/** The columns every read selects, in the shape `toRecordedEvent` maps. */
export const eventColumns = 'e.position, e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata, e.recorded_at, e.hash, e.previous_hash';

export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: Buffer | null;
  previous_hash: Buffer | null;
}

/**
 * A row as the platform reads it: the chain's hashes in the metadata (hex; previousHash null for
 * a stream's first event), and the data upcast to today's schema (upcasting.ts). Every read
 * path of the adapter (streams, the global log, subscriptions) goes through here.
 */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const metadata: EventMetadata =
    row.hash === null || row.hash === undefined
      ? row.metadata
      : { ...row.metadata, hash: row.hash.toString('hex'), previousHash: row.previous_hash ? row.previous_hash.toString('hex') : null };
  return upcast({
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    recordedAt: row.recorded_at,
  });
}
