import type { RecordedEvent } from '@oms/contracts';
import type { EventStore, ReadAllResult, ReadStreamsOptions } from './event-store';

export const DEFAULT_READ_STREAMS_COUNT = 500;

/**
 * Several streams in global order, one page: the store's own `readStreams` when it has one,
 * else each stream read whole and merged by position (fine for the handful of short streams of
 * one order; no fence, so only for stores whose positions follow commit order).
 */
export async function readStreams(store: EventStore, streamIds: readonly string[], options: ReadStreamsOptions = {}): Promise<ReadAllResult> {
  const maxCount = options.maxCount ?? DEFAULT_READ_STREAMS_COUNT;
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new RangeError(`maxCount must be a positive integer (got ${maxCount})`);
  if (store.readStreams) return store.readStreams([...streamIds], { ...options, maxCount });
  return mergeStreams(await Promise.all(streamIds.map((streamId) => store.readStream(streamId))), options.after ?? 0n, maxCount);
}

/** One page of the merge of whole streams by global position. */
export function mergeStreams(streams: readonly RecordedEvent[][], after: bigint, maxCount: number): ReadAllResult {
  const merged = streams
    .flat()
    .filter((event) => event.position > after)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const events = merged.slice(0, maxCount);
  return { events, lastPosition: events.length > 0 ? events[events.length - 1].position : after, isEnd: merged.length <= maxCount };
}

/** Every page of `readStreams`, concatenated. */
export async function readAllOfStreams(store: EventStore, streamIds: readonly string[]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await readStreams(store, streamIds, { after, maxCount: 1_000 });
    events.push(...page.events);
    if (page.isEnd || page.events.length === 0) return events;
    after = page.lastPosition;
  }
}
