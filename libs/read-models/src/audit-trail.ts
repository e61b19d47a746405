import { moduleOfEventType, type Actor, type NotificationSent, type RecordedEvent } from '@oms/contracts';
import { eventTime } from './event-time';
import { evolveOrderRecord, moduleStateOfEvent, type OrderRecord } from './order-view';

/** One line of an order's audit trail: an event, and what the order or module was after it. */
export interface AuditEntry {
  /** When the store recorded it (the as-of cut), ISO 8601. */
  recordedAt: string;
  /** When the writer says it happened (business time). */
  occurredAt: string;
  module: 'ordering' | 'finance' | 'logistics' | 'travel' | 'notification' | 'other';
  type: string;
  /** The state after the event: the order's status for its own events, the module's state for a module's. */
  status: string;
  actor: string;
  eventId: string;
  stream: string;
  revision: number;
  position: string;
  correlationId: string;
  causationId: string;
}

export function describeActor(actor: Actor | undefined): string {
  if (!actor) return 'unknown';
  return actor.type === 'user' ? `${actor.id} (${actor.role ?? 'user'})` : `${actor.type}:${actor.id}`;
}

function orderStatus(record: OrderRecord | undefined, event: RecordedEvent): string {
  const status = record?.view.status ?? 'not placed';
  const data = (event.data ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'OrderHoldPlaced':
      return `${status}, on hold (${String(data.type)})`;
    case 'OrderHoldReleased':
      return `${status}, hold released`;
    case 'OrderLineAdded':
      return `${status}, line added`;
    case 'OrderLineQuantityChanged':
      return `${status}, quantity changed`;
    case 'OrderLineRemoved':
      return `${status}, line removed`;
    case 'OrderModuleStateRecorded':
      return `${status}, learnt ${String(data.module)} ${String(data.state)}`;
    case 'OrderCancelled':
      return `${status} (${String(data.reason)})`;
    default:
      return status;
  }
}

/**
 * An order's events (in global order) as a readable trail, folded with the projection's own
 * function so that "status" means what the order view meant at that point.
 */
export function auditTrail(events: readonly RecordedEvent[]): AuditEntry[] {
  let record: OrderRecord | undefined;
  return events.map((event) => {
    record = evolveOrderRecord(record, event);
    const module = moduleOfEventType(event.type) ?? 'other';
    const moduleState = moduleStateOfEvent[event.type];
    const status =
      module === 'ordering'
        ? orderStatus(record, event)
        : event.type === 'NotificationSent'
          ? `sent ${(event.data as NotificationSent).kind}`
          : moduleState
            ? event.type === 'BookingFailed'
              ? 'cancelled (supplier failed)'
              : moduleState[1]
            : event.type;
    return {
      recordedAt: event.recordedAt.toISOString(),
      occurredAt: typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : eventTime(event),
      module,
      type: event.type,
      status,
      actor: describeActor(event.metadata?.actor),
      eventId: event.eventId,
      stream: event.streamId,
      revision: event.revision,
      position: event.position.toString(),
      correlationId: String(event.metadata?.correlationId ?? ''),
      causationId: String(event.metadata?.causationId ?? ''),
    };
  });
}
