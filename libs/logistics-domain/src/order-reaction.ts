import { derivedId, type DomainEvent, type OrderConfirmed, type ShipmentLine } from '@oms/contracts';
import { createShipment, stop } from './decide';
import type { Shipment, ShipmentEvent } from './shipment';

/** Logistics starts only for a confirmed order with something physical to send. */
export function physicalLines(confirmed: OrderConfirmed): ShipmentLine[] {
  return confirmed.lines.filter((line) => line.productType === 'physical').map(({ lineId, sku, quantity }) => ({ lineId, sku, quantity }));
}

/** One shipment per order, so its id follows from the order's: a replay finds the same one. */
export const shipmentIdFor = (orderId: string) => derivedId(orderId, 'shipment');

/**
 * What an order event means for the order's shipment. Times come from the order event, so a
 * redelivered event yields exactly the same shipment events.
 */
export function reactToOrderEvent(shipment: Shipment, event: DomainEvent): ShipmentEvent[] {
  switch (event.type) {
    case 'OrderConfirmed': {
      const lines = physicalLines(event.data);
      if (lines.length === 0) return [];
      const { orderId, confirmedAt } = event.data;
      return createShipment(shipment, { orderId, shipmentId: shipmentIdFor(orderId), lines, at: confirmedAt });
    }
    case 'OrderCancelled':
      return stop(shipment, { reason: event.data.reason, at: event.data.cancelledAt });
    default:
      return [];
  }
}
