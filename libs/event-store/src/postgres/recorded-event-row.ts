import type { EventMetadata, RecordedEvent } from '@oms/contracts';

/** The columns every read selects, in the shape `toRecordedEvent` maps. */
export const eventColumns = 'e.position, e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata, e.recorded_at';

export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    recordedAt: row.recorded_at,
  };
}
