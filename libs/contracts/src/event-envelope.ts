/** Who caused a change: a person through an API key, or one of the platform's services. */
export interface Actor {
  type: 'user' | 'service' | 'system';
  /** API key id for users, service name for services. */
  id: string;
  role?: 'client' | 'operator' | 'auditor' | 'admin' | 'service';
}

/** CONTRACT §4: every event carries all of these from its very first version. */
export interface EventMetadata {
  orderId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  occurredAt: string;
  schemaVersion: number;
  /** Adapters and later features may add keys (e.g. a hash chain); none of the above is removed. */
  [extension: string]: unknown;
}

/** An event about to be appended. The id is chosen by the writer so that a retry is a no-op. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamId: string;
  /** 0-based revision of the event within its stream. */
  revision: number;
  /** Position in the global log: strictly increasing in delivery order, not dense. */
  position: bigint;
  recordedAt: Date;
}
