import type { FinanceEventDataMap } from './finance-events';
import type { LogisticsEventDataMap } from './logistics-events';
import type { NotificationEventDataMap } from './notification-events';
import type { OrderingEventDataMap } from './ordering-events';
import type { TravelEventDataMap } from './travel-events';

/** Every published event type, by the module that owns it (CONTRACT §4, Kafka topic per module). */
export interface EventDataByModule {
  ordering: OrderingEventDataMap;
  finance: FinanceEventDataMap;
  logistics: LogisticsEventDataMap;
  travel: TravelEventDataMap;
  notification: NotificationEventDataMap;
}
export type PublishingModule = keyof EventDataByModule;
export type EventDataMap = OrderingEventDataMap & FinanceEventDataMap & LogisticsEventDataMap & TravelEventDataMap & NotificationEventDataMap;
export type EventType = keyof EventDataMap;

/** A domain event before it is enveloped: what deciders return. */
export type DomainEvent<T extends EventType = EventType> = { [K in T]: { type: K; data: EventDataMap[K] } }[T];

export const eventTypesByModule: { [M in PublishingModule]: (keyof EventDataByModule[M])[] } = {
  ordering: [
    'OrderPlaced',
    'OrderLineAdded',
    'OrderLineQuantityChanged',
    'OrderLineRemoved',
    'OrderConfirmed',
    'OrderFulfillmentStarted',
    'OrderCompleted',
    'OrderCancelled',
    'OrderHoldPlaced',
    'OrderHoldReleased',
    'OrderModuleStateRecorded',
  ],
  finance: ['InvoiceIssued', 'InvoicePaid', 'InvoiceRefunded'],
  logistics: ['ShipmentCreated', 'ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped', 'ShipmentDelivered', 'ShipmentReturned', 'ShipmentCancelled'],
  travel: ['BookingReserved', 'BookingConfirmed', 'BookingTravelled', 'BookingCancelled', 'BookingFailed'],
  notification: ['NotificationSent'],
};

/** Stream ids of CONTRACT §4. */
export const streams = {
  order: (orderId: string) => `order-${orderId}`,
  invoice: (orderId: string) => `invoice-${orderId}`,
  shipment: (orderId: string) => `shipment-${orderId}`,
  booking: (orderId: string) => `booking-${orderId}`,
  notification: (orderId: string) => `notification-${orderId}`,
} as const;

export function moduleOfEventType(type: string): PublishingModule | undefined {
  return (Object.keys(eventTypesByModule) as PublishingModule[]).find((module) => (eventTypesByModule[module] as string[]).includes(type));
}
