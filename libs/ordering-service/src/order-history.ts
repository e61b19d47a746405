import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isUuid, streams, type RecordedEvent } from '@oms/contracts';
import { readStreams, type EventStore } from '@oms/event-store';
import { EVENT_STORE } from '@oms/platform';
import { orderViewAsOf, type OrderView } from '@oms/read-models';

/** Message patterns for auditors (the gateway's order-history.ts sends them). */
export const orderHistoryPatterns = {
  /** `{ orderId, at }` → the order view as it stood at `at` (ISO 8601), rebuilt from the events. */
  asOf: 'ordering.as-of',
  /** `{ orderId, after?, limit? }` → one page of every event about the order, in global order. */
  history: 'ordering.history',
} as const;

export interface HistoryQuery {
  orderId: string;
  /** Exclusive global position (a bigint as a decimal string): the `nextAfter` of the previous page. */
  after?: string;
  limit?: number;
}

export interface AsOfQuery {
  orderId: string;
  at: string;
}

/** One event as the history shows it: JSON all through (the position is a string). */
export interface HistoryEvent {
  eventId: string;
  type: string;
  stream: string;
  revision: number;
  position: string;
  /** When the store recorded it (the as-of queries cut at this time). */
  recordedAt: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
}

export interface HistoryPage {
  orderId: string;
  events: HistoryEvent[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1_000;

/** Every stream that holds events about one order (CONTRACT §4), the order's own first. */
export function orderStreams(orderId: string): string[] {
  return [streams.order(orderId), streams.invoice(orderId), streams.shipment(orderId), streams.booking(orderId), streams.notification(orderId)];
}

/** The streams that shape the order view (the notification stream changes nothing in it). */
function viewStreams(orderId: string): string[] {
  return [streams.order(orderId), streams.invoice(orderId), streams.shipment(orderId), streams.booking(orderId)];
}

export function historyEvent(event: RecordedEvent): HistoryEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    stream: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} ${message}`, [{ field, message }]);
}

/**
 * What auditors ask of the order: its events and its past states, from the event store only —
 * never from the read models, which are derived and could be wrong or behind.
 */
@Injectable()
export class OrderHistory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async page(query: HistoryQuery): Promise<HistoryPage> {
    const orderId = this.orderId(query.orderId);
    const after = query.after === undefined || query.after === null ? 0n : parsePosition(query.after);
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) throw invalid('limit', `must be an integer from 1 to ${MAX_HISTORY_LIMIT}`);
    const [placed] = await this.store.readStream(streams.order(orderId), { maxCount: 1 });
    if (!placed) throw new DomainError('ORDER_NOT_FOUND', `no order ${orderId}`);
    const page = await readStreams(this.store, orderStreams(orderId), { after, maxCount: limit });
    return { orderId, events: page.events.map(historyEvent), nextAfter: page.isEnd ? null : page.lastPosition.toString() };
  }

  async asOf(query: AsOfQuery): Promise<OrderView> {
    const orderId = this.orderId(query.orderId);
    const at = typeof query.at === 'string' ? new Date(query.at) : new Date(NaN);
    if (Number.isNaN(at.getTime())) throw invalid('asOf', 'must be an ISO 8601 instant');
    // Whole streams without the fence: every committed event, however recent.
    const events = (await Promise.all(viewStreams(orderId).map((streamId) => this.store.readStream(streamId)))).flat();
    const view = orderViewAsOf(events, at);
    if (!view) {
      throw new DomainError('ORDER_NOT_FOUND', events.length === 0 ? `no order ${orderId}` : `order ${orderId} had not been placed at ${at.toISOString()}`);
    }
    return view;
  }

  private orderId(value: unknown): string {
    if (!isUuid(value)) throw invalid('id', 'must be a UUID');
    return value.toLowerCase();
  }
}

function parsePosition(value: unknown): bigint {
  if (typeof value !== 'string' || !/^\d{1,19}$/.test(value) || BigInt(value) > 9223372036854775807n) {
    throw invalid('after', 'must be a global position (the nextAfter of the previous page)');
  }
  return BigInt(value);
}
