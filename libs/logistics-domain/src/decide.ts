import { DomainError, type ShipmentLine, type ShipmentState, type ShipmentStep } from '@oms/contracts';
import { shipmentEventFor, type Shipment, type ShipmentEvent } from './shipment';

export interface CreateShipment {
  orderId: string;
  shipmentId: string;
  /** The order's physical lines only. */
  lines: ShipmentLine[];
  at: string;
}

export interface StopShipment {
  reason: string;
  at: string;
}

/** One shipment per order: creating it again (a redelivered confirmation) changes nothing. */
export function createShipment(shipment: Shipment, command: CreateShipment): ShipmentEvent[] {
  if (shipment.status !== 'none') return [];
  if (command.lines.length === 0) throw new DomainError('VALIDATION_FAILED', 'a shipment needs at least one physical line');
  const { orderId, shipmentId, lines, at } = command;
  return [{ type: 'ShipmentCreated', data: { orderId, shipmentId, lines, createdAt: at } }];
}

const steps = {
  pick: ['waiting', 'picked'],
  pack: ['picked', 'packed'],
  ship: ['packed', 'shipped'],
  deliver: ['shipped', 'delivered'],
  return: ['delivered', 'returned'],
} as const satisfies Record<ShipmentStep, readonly [ShipmentState, Exclude<ShipmentState, 'waiting'>]>;

/** The warehouse moves a shipment one step along; any other move is refused. */
export function advance(shipment: Shipment, step: ShipmentStep, at: string): ShipmentEvent[] {
  if (shipment.status === 'none') throw new DomainError('SHIPMENT_NOT_FOUND', 'the order has no shipment');
  const [from, to] = steps[step];
  if (shipment.status !== from) throw new DomainError('INVALID_TRANSITION', `cannot ${step} a ${shipment.status} shipment`);
  return [{ type: shipmentEventFor[to], data: { orderId: shipment.orderId, shipmentId: shipment.shipmentId, at } }];
}

const stoppable: readonly ShipmentState[] = ['waiting', 'picked', 'packed'];

/**
 * Compensation when the order is cancelled: a shipment still in the warehouse is stopped.
 * One that has shipped has left our hands (the order refuses cancellation after that, so this
 * only meets a race), one already delivered, returned or cancelled needs nothing: all give no
 * event rather than an error, because compensation is a reaction that must not get stuck.
 */
export function stop(shipment: Shipment, command: StopShipment): ShipmentEvent[] {
  if (shipment.status === 'none' || !stoppable.includes(shipment.status)) return [];
  const { orderId, shipmentId } = shipment;
  return [{ type: 'ShipmentCancelled', data: { orderId, shipmentId, reason: command.reason, at: command.at } }];
}
