import type { EventMetadata, RecordedEvent } from '@oms/contracts';
import type { AllStreamRecordedEvent, JSONType, Position, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { START } from '@eventstore/db-client';
import { upcast } from '../upcasting/upcasting';

/**
 * Our bigint position is EventStoreDB's commit position. For events written by ordinary
 * appends (self-committed prepares, the only kind the gRPC API writes) the server reports
 * commit = prepare = the event's own log position, so it is unique per event and ordered like
 * $all. Resuming therefore uses { commit: p, prepare: p }.
 */
export function toReadPosition(after: bigint): typeof START | Position {
  return after === 0n ? START : { commit: after, prepare: after };
}

/** EventStoreDB's own events ($metadata, $stats…) are not part of our log. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const position = event.position?.commit;
  if (position === undefined) {
    // Stream reads carry positions from server 22.6 on; without them the global order is unknown.
    throw new Error(`EventStoreDB returned ${event.streamId}@${event.revision} without a position: server 22.6 or later is required`);
  }
  // Upcast here as in the PostgreSQL adapter: every read path (streams, $all, subscriptions) maps through this.
  return upcast({
    eventId: event.id,
    type: event.type,
    data: event.isJson ? event.data : Buffer.from(event.data as Uint8Array).toString('base64'),
    metadata: parseMetadata(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    recordedAt: event.created,
  });
}

function parseMetadata(metadata: unknown): EventMetadata {
  if (metadata instanceof Uint8Array) return JSON.parse(Buffer.from(metadata).toString('utf8')) as EventMetadata;
  return metadata as EventMetadata;
}

/** Our events' data is any JSON value; the client's JSONType is narrower in its typing only. */
export function asJson(value: unknown): JSONType {
  return value as JSONType;
}
