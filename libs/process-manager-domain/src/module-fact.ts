import type { DomainEvent, FinanceEventDataMap, LogisticsEventDataMap, TravelEventDataMap } from '@oms/contracts';
import type { ModuleState } from './order-command';

export type ModuleEventType = keyof FinanceEventDataMap | keyof LogisticsEventDataMap | keyof TravelEventDataMap;

/** The module sub-state each module event leaves the order's row in. */
export const moduleStateAfter = {
  InvoiceIssued: { module: 'finance', state: 'issued' },
  InvoicePaid: { module: 'finance', state: 'paid' },
  InvoiceRefunded: { module: 'finance', state: 'refunded' },
  ShipmentCreated: { module: 'logistics', state: 'waiting' },
  ShipmentPicked: { module: 'logistics', state: 'picked' },
  ShipmentPacked: { module: 'logistics', state: 'packed' },
  ShipmentShipped: { module: 'logistics', state: 'shipped' },
  ShipmentDelivered: { module: 'logistics', state: 'delivered' },
  ShipmentReturned: { module: 'logistics', state: 'returned' },
  ShipmentCancelled: { module: 'logistics', state: 'cancelled' },
  BookingReserved: { module: 'travel', state: 'reserved' },
  BookingConfirmed: { module: 'travel', state: 'confirmed' },
  BookingTravelled: { module: 'travel', state: 'travelled' },
  BookingCancelled: { module: 'travel', state: 'cancelled' },
  // The contract's booking states have no `failed`: a rejected booking is cancelled.
  BookingFailed: { module: 'travel', state: 'cancelled' },
} as const satisfies Record<ModuleEventType, ModuleState>;

export function isModuleEvent(event: DomainEvent): event is DomainEvent<ModuleEventType> {
  return Object.hasOwn(moduleStateAfter, event.type);
}

/** When the module's change happened, whatever its event calls that moment. */
export function occurredAt(event: DomainEvent<ModuleEventType>): string {
  switch (event.type) {
    case 'InvoiceIssued':
      return event.data.issuedAt;
    case 'InvoicePaid':
      return event.data.paidAt;
    case 'InvoiceRefunded':
      return event.data.refundedAt;
    case 'ShipmentCreated':
      return event.data.createdAt;
    case 'BookingReserved':
      return event.data.reservedAt;
    default:
      return event.data.at;
  }
}
