import type { NewEvent, RecordedEvent } from '@oms/contracts';

/**
 * What the writer expects of the stream before its append:
 * - `any`: no check;
 * - `no_stream`: the stream has no event yet;
 * - `stream_exists`: it has at least one;
 * - a number: the revision of its last event (0-based), i.e. the `version` clients see.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected?: ExpectedRevision;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the stream's last event after the append (what `expected` should be next). */
  nextExpectedRevision: number;
  /** Global positions of the appended events, in order (the original ones on an idempotent retry). */
  positions: bigint[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface AllFilter {
  /** Keep events of streams whose id starts with one of these (e.g. `order-`). */
  streamPrefixes?: string[];
  /** Keep only these event types. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position; `0n` or absent = from the start. */
  after?: bigint;
  maxCount?: number;
  filter?: AllFilter;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /**
   * The position a reader may resume after. With a filter it can be past the last returned
   * event (events that did not match were scanned); it never passes an event that could still
   * become visible.
   */
  lastPosition: bigint;
  /** True when nothing more is committed and visible after `lastPosition` right now. */
  isEnd: boolean;
}

export interface ReadStreamsOptions {
  /** Exclusive: events after this global position; `0n` or absent = from the start. */
  after?: bigint;
  maxCount?: number;
}

/** Receives events in global order; returning (resolving) acknowledges them. */
export type EventBatchHandler = (events: RecordedEvent[], lastPosition: bigint) => Promise<void>;

export interface SubscribeOptions {
  /** Exclusive start position (a checkpoint); `0n` = from the beginning of the log. */
  after: bigint;
  filter?: AllFilter;
  maxBatchSize?: number;
  handler: EventBatchHandler;
  /** Called when the handler or the store fails; the subscription retries after a backoff. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Position up to which the handler has acknowledged events. */
  readonly position: bigint;
  /** True once it has read everything that was committed when it started (history → live). */
  readonly isLive: boolean;
  stop(): Promise<void>;
}

/** The one source of truth. Both adapters (PostgreSQL, EventStoreDB) pass one contract suite. */
export interface EventStore {
  append(streamId: string, events: NewEvent[], options?: { expected?: ExpectedRevision }): Promise<AppendResult>;
  /** Several streams, all or nothing, one round trip. */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /**
   * The events of several streams (e.g. every stream of one order) merged in global order,
   * paged like readAll: `lastPosition` is where the next page starts, and no event can later
   * appear at or before it. Optional: `readStreams()` (read-streams.ts) falls back to reading
   * each stream for a store without it.
   */
  readStreams?(streamIds: string[], options?: ReadStreamsOptions): Promise<ReadAllResult>;
  /** Catch-up subscription on the global log: history, then live, never skipping or reordering. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Readiness: can the store be reached right now? */
  ping(): Promise<void>;
  close(): Promise<void>;
}
