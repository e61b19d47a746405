import type { NewEvent, RecordedEvent } from '@oms/contracts';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import { assertValidAppends } from '../append-validation';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  ReadStreamsOptions,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EventStoreDbSubscription, matches } from './eventstoredb-subscription';
import { mergeStreams } from '../read-streams';
import { asJson, toReadPosition, toRecordedEvent } from './recorded-event-mapping';

/** How far back a retry is looked for (EventStoreDB cannot look an event id up by itself). */
const RETRY_LOOKBACK = 1_000;
const FILTER_SCAN_FACTOR = 4;
const DEFAULT_READ_ALL_COUNT = 500;

function toExpectedRevision(expected: ExpectedRevision | undefined): AppendExpectedRevision {
  if (expected === undefined || expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/**
 * The same port over EventStoreDB (client 6.x, server ≥ 22.6 for positions on stream reads).
 *
 * Known differences from PostgreSQL, listed in its contract run's `unsupported`:
 * - appendMany is NOT atomic: EventStoreDB has no multi-stream transaction. Streams are
 *   appended one after the other; a failure leaves the earlier streams appended.
 * - An event id reused in another stream is not detected (ids are checked per stream).
 * - Idempotency is looked for in the last RETRY_LOOKBACK events of the stream only.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: NewEvent[], options: { expected?: ExpectedRevision } = {}): Promise<AppendResult> {
    assertValidAppends([{ streamId, events, expected: options.expected }]);
    const expected = options.expected ?? 'any';
    // With `any`/`stream_exists` the server's idempotency is best effort (an id cache): look first.
    if (expected === 'any' || expected === 'stream_exists') {
      const earlier = await this.findEarlierAppend(streamId, events);
      if (earlier) return earlier;
    }
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.eventId, type: event.type, data: asJson(event.data), metadata: asJson(event.metadata) })),
        { expectedRevision: toExpectedRevision(options.expected) },
      );
      return await this.appendedResult(streamId, events, result.nextExpectedRevision);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // A retry whose first attempt did commit finds the stream moved: it is not a conflict.
      const earlier = await this.findEarlierAppend(streamId, events);
      if (earlier) return earlier;
      throw new WrongExpectedVersion(streamId, expected, error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion));
    }
  }

  /** NOT atomic across streams (see the class comment): appended in order, stops at the first failure. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertValidAppends(appends);
    const results: AppendResult[] = [];
    for (const append of appends) results.push(await this.append(append.streamId, append.events, { expected: append.expected }));
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.push(toRecordedEvent(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** Each stream read whole and merged: EventStoreDB's commit positions follow commit order, so no fence is needed. */
  async readStreams(streamIds: string[], options: ReadStreamsOptions = {}): Promise<ReadAllResult> {
    const streams = await Promise.all(streamIds.map((streamId) => this.readStream(streamId)));
    return mergeStreams(streams, options.after ?? 0n, options.maxCount ?? DEFAULT_READ_ALL_COUNT);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    // $all reads are inclusive of fromPosition (subscriptions are not): one more, skip `after`.
    const window = (options.filter ? maxCount * FILTER_SCAN_FACTOR : maxCount) + 1;
    const read = this.client.readAll({ fromPosition: toReadPosition(after), maxCount: window, direction: FORWARDS });
    const events: RecordedEvent[] = [];
    let lastPosition = after;
    let scanned = 0;
    for await (const resolved of read) {
      scanned++;
      const event = resolved.event;
      if (!event || event.position.commit <= after) continue;
      if (events.length === maxCount) return { events, lastPosition, isEnd: false };
      if (matches(options.filter, event)) events.push(toRecordedEvent(event));
      lastPosition = event.position.commit;
    }
    return { events, lastPosition, isEnd: scanned < window };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new EventStoreDbSubscription(this.client, options);
    this.subscriptions.add(subscription);
    return {
      get position() {
        return subscription.position;
      },
      get isLive() {
        return subscription.isLive;
      },
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async ping(): Promise<void> {
    // Reading one event of $all needs a live connection and no particular stream.
    for await (const _ of this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END })) break;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** Reads back what was appended, for its positions (the append result carries the last one only). */
  private async appendedResult(streamId: string, events: NewEvent[], nextExpectedRevision: bigint): Promise<AppendResult> {
    const first = nextExpectedRevision - BigInt(events.length - 1);
    const written = await this.readStream(streamId, { fromRevision: Number(first), maxCount: events.length });
    const sameIds = written.length === events.length && written.every((event, i) => event.eventId === events[i].eventId);
    if (sameIds) return { streamId, nextExpectedRevision: Number(nextExpectedRevision), positions: written.map((e) => e.position) };
    // The server answered an idempotent retry: the events are elsewhere in the stream.
    const earlier = await this.findEarlierAppend(streamId, events);
    if (!earlier) throw new Error(`EventStoreDB reported an append to ${streamId} that cannot be read back`);
    return earlier;
  }

  /**
   * An earlier append of exactly these events (a retry after a lost acknowledgement), or
   * undefined when none of the ids is there. Some but not all → EventIdConflict.
   */
  private async findEarlierAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const recent = await this.readStream(streamId, { direction: 'backwards', maxCount: RETRY_LOOKBACK });
    if (recent.length === 0) return undefined;
    const byId = new Map(recent.map((event) => [event.eventId, event]));
    const found = events.map((event) => byId.get(event.eventId.toLowerCase()) ?? byId.get(event.eventId));
    const present = found.filter((event): event is RecordedEvent => event !== undefined);
    if (present.length === 0) return undefined;
    const consecutive = present.length === events.length && present.every((event, i) => event.revision === present[0].revision + i);
    if (!consecutive) {
      throw new EventIdConflict(present.length < events.length ? 'partial_overlap' : 'used_elsewhere', present.map((e) => e.eventId), [streamId]);
    }
    return { streamId, nextExpectedRevision: recent[0].revision, positions: present.map((event) => event.position) };
  }
}
