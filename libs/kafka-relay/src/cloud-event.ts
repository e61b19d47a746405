import { moduleOfEventType, streams, type PublishingModule, type RecordedEvent } from '@oms/contracts';

/**
 * CONTRACT §5: what a consumer of `<prefix>.<module>` reads, one JSON document per Kafka
 * message (CloudEvents 1.0, structured mode). `id` is the dedupe key; `sequence` orders events
 * of one order (and the whole log) as the event store does.
 */
export interface OmsCloudEvent<Data = unknown> {
  specversion: '1.0';
  /** The event's id in the store: the same event relayed twice has the same id. */
  id: string;
  source: `/oms/${PublishingModule}`;
  /** `oms.<module>.<EventType>.v<schemaVersion>` */
  type: string;
  /** The order id (also the message key). */
  subject: string;
  /** When it happened (metadata.occurredAt), ISO 8601. */
  time: string;
  datacontenttype: 'application/json';
  data: Data;
  correlationid: string;
  causationid: string;
  /** Global position in the event store, as a decimal string (it may exceed 2^53). */
  sequence: string;
}

/** Content type of a structured-mode CloudEvent in a Kafka message (CloudEvents Kafka binding). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** The streams whose events are published: CONTRACT §4's, never a service's internal ones. */
export const publishedStreamPrefixes: readonly string[] = Object.values(streams).map((streamOf) => streamOf(''));

/** Which module owns a stream, for event types the catalogue does not know yet. */
const moduleOfStream: Readonly<Record<string, PublishingModule>> = {
  [streams.order('')]: 'ordering',
  [streams.invoice('')]: 'finance',
  [streams.shipment('')]: 'logistics',
  [streams.booking('')]: 'travel',
  [streams.notification('')]: 'notification',
};

/**
 * The module whose topic carries the event, or undefined for an event of a service's internal
 * stream. The catalogue's owner of its type decides; a type added to a module but not yet to
 * the catalogue goes to the owner of its stream (published on the right topic rather than
 * skipped forever).
 */
export function owningModule(event: Pick<RecordedEvent, 'type' | 'streamId'>): PublishingModule | undefined {
  const prefix = publishedStreamPrefixes.find((candidate) => event.streamId.startsWith(candidate));
  if (prefix === undefined) return undefined;
  return moduleOfEventType(event.type) ?? moduleOfStream[prefix];
}

export function topicOf(prefix: string, module: PublishingModule): string {
  return `${prefix}.${module}`;
}

export function topicsOf(prefix: string): string[] {
  return (Object.values(moduleOfStream) as PublishingModule[]).map((module) => topicOf(prefix, module));
}

function orderIdOf(event: RecordedEvent): string {
  const fromMetadata = event.metadata?.orderId;
  if (typeof fromMetadata === 'string' && fromMetadata) return fromMetadata;
  const fromData = (event.data as { orderId?: unknown } | null)?.orderId;
  if (typeof fromData === 'string' && fromData) return fromData;
  // Every published stream is `<kind>-<orderId>`.
  return event.streamId.slice(event.streamId.indexOf('-') + 1);
}

export function toCloudEvent(event: RecordedEvent, module: PublishingModule): OmsCloudEvent {
  const metadata = event.metadata;
  return {
    specversion: '1.0',
    id: event.eventId,
    source: `/oms/${module}`,
    type: `oms.${module}.${event.type}.v${metadata.schemaVersion ?? 1}`,
    subject: orderIdOf(event),
    time: metadata.occurredAt ?? event.recordedAt.toISOString(),
    datacontenttype: 'application/json',
    data: event.data,
    correlationid: metadata.correlationId,
    causationid: metadata.causationId,
    sequence: event.position.toString(),
  };
}

export interface RelayMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The Kafka message of one event, or undefined for an event of no published stream. */
export function toKafkaMessage(event: RecordedEvent, topicPrefix: string): RelayMessage | undefined {
  const module = owningModule(event);
  if (!module) return undefined;
  const cloudEvent = toCloudEvent(event, module);
  return {
    topic: topicOf(topicPrefix, module),
    key: cloudEvent.subject,
    value: JSON.stringify(cloudEvent),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}
