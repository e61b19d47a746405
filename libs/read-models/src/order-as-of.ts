import type { RecordedEvent } from '@oms/contracts';
import { orderViewFromEvents, type OrderView } from './order-view';

function byPosition(a: RecordedEvent, b: RecordedEvent): number {
  return a.position < b.position ? -1 : a.position > b.position ? 1 : 0;
}

/**
 * The events of an order's streams that the store had recorded at `at`: per stream, the events
 * up to the first one recorded later (store time, `recordedAt`, not the writer's `occurredAt`).
 * A prefix per stream, so a fold never sees a revision without the ones before it even where an
 * old row's time is out of step; and since a reaction is recorded after its cause, a cut in time
 * never keeps an effect without its cause.
 */
export function eventsRecordedBy(events: Iterable<RecordedEvent>, at: Date): RecordedEvent[] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  const kept: RecordedEvent[] = [];
  for (const stream of byStream.values()) {
    stream.sort((a, b) => a.revision - b.revision);
    for (const event of stream) {
      if (event.recordedAt.getTime() > at.getTime()) break;
      kept.push(event);
    }
  }
  return kept.sort(byPosition);
}

/**
 * The order view as it stood at `at`, folded from the events of its streams (order, invoice,
 * shipment, booking) by the same function the projector applies: module sub-states come from
 * the modules' own events. Undefined when the order had not been placed by then.
 */
export function orderViewAsOf(events: Iterable<RecordedEvent>, at: Date): OrderView | undefined {
  return orderViewFromEvents(eventsRecordedBy(events, at));
}
