import type { NewEvent } from '@oms/contracts';
import { InvalidAppend } from './errors';
import type { ExpectedRevision, StreamAppend } from './event-store';
import { newEventProblems } from './metadata';

/**
 * A sane ceiling per append call (all streams together). The PostgreSQL adapter can number at
 * most 2^20 events per transaction in a position; an append of thousands of events is a bug or
 * an import, and imports have their own path.
 */
export const MAX_EVENTS_PER_APPEND = 10_000;
export const MAX_STREAM_ID_LENGTH = 500;

function expectedProblems(expected: unknown, where: string): string[] {
  if (expected === undefined || expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return [];
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return [];
  return [`${where}.expected must be any, no_stream, stream_exists or a revision ≥ 0 (got ${String(expected)})`];
}

/** The expected revision as the SQL function and logs spell it. */
export function expectedAsText(expected: ExpectedRevision | undefined): string {
  return expected === undefined ? 'any' : String(expected);
}

/**
 * Rejects, before any I/O, every append an adapter must not store: no events, too many, a
 * stream twice in one call, duplicate ids, a bad expected revision, or an event without the
 * contract metadata. Nothing is written when this throws.
 */
export function assertValidAppends(appends: readonly StreamAppend[]): void {
  const problems: string[] = [];
  if (!Array.isArray(appends) || appends.length === 0) throw new InvalidAppend(['nothing to append: no streams']);
  const streams = new Set<string>();
  const ids = new Set<string>();
  let total = 0;
  appends.forEach((append, index) => {
    const where = appends.length === 1 ? append?.streamId ?? 'append' : `appends[${index}]`;
    if (typeof append?.streamId !== 'string' || append.streamId.length === 0) problems.push(`${where}.streamId must be a non-empty string`);
    else if (append.streamId.length > MAX_STREAM_ID_LENGTH) problems.push(`${where}.streamId is longer than ${MAX_STREAM_ID_LENGTH}`);
    else if (streams.has(append.streamId)) problems.push(`stream ${append.streamId} appears twice in one call`);
    else streams.add(append.streamId);
    problems.push(...expectedProblems(append?.expected, where));
    const events: unknown = append?.events;
    if (!Array.isArray(events) || events.length === 0) {
      problems.push(`${where}: no events to append`);
      return;
    }
    total += events.length;
    (events as NewEvent[]).forEach((event, i) => {
      problems.push(...newEventProblems(event, `${where}.events[${i}]`));
      const id = typeof event?.eventId === 'string' ? event.eventId.toLowerCase() : undefined;
      if (id !== undefined && ids.has(id)) problems.push(`${where}.events[${i}].eventId ${id} appears twice in one call`);
      if (id !== undefined) ids.add(id);
    });
  });
  if (total > MAX_EVENTS_PER_APPEND) problems.push(`${total} events in one append; the limit is ${MAX_EVENTS_PER_APPEND}`);
  if (problems.length > 0) throw new InvalidAppend(problems);
}
