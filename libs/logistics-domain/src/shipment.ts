import type { DomainEvent, ShipmentLine, ShipmentState } from '@oms/contracts';

export type ShipmentEventType = 'ShipmentCreated' | 'ShipmentPicked' | 'ShipmentPacked' | 'ShipmentShipped' | 'ShipmentDelivered' | 'ShipmentReturned' | 'ShipmentCancelled';
export type ShipmentEvent = DomainEvent<ShipmentEventType>;

/** A shipment as its stream tells it; `none` until the order's physical lines are to be sent. */
export type Shipment = NoShipment | ShipmentOnRecord;

export interface NoShipment {
  status: 'none';
}

export interface ShipmentOnRecord {
  status: ShipmentState;
  orderId: string;
  shipmentId: string;
  lines: ShipmentLine[];
}

export const noShipment = (): Shipment => ({ status: 'none' });

/** The event that puts a shipment in each state reached by a step or by a stop. */
export const shipmentEventFor = {
  picked: 'ShipmentPicked',
  packed: 'ShipmentPacked',
  shipped: 'ShipmentShipped',
  delivered: 'ShipmentDelivered',
  returned: 'ShipmentReturned',
  cancelled: 'ShipmentCancelled',
} as const satisfies Record<Exclude<ShipmentState, 'waiting'>, ShipmentEventType>;

export function evolve(shipment: Shipment, event: ShipmentEvent): Shipment {
  if (event.type === 'ShipmentCreated') {
    const { orderId, shipmentId, lines } = event.data;
    return { status: 'waiting', orderId, shipmentId, lines };
  }
  // A step on a shipment the stream never created cannot happen; ignore rather than invent one.
  if (shipment.status === 'none') return shipment;
  switch (event.type) {
    case 'ShipmentPicked':
      return { ...shipment, status: 'picked' };
    case 'ShipmentPacked':
      return { ...shipment, status: 'packed' };
    case 'ShipmentShipped':
      return { ...shipment, status: 'shipped' };
    case 'ShipmentDelivered':
      return { ...shipment, status: 'delivered' };
    case 'ShipmentReturned':
      return { ...shipment, status: 'returned' };
    case 'ShipmentCancelled':
      return { ...shipment, status: 'cancelled' };
  }
}
