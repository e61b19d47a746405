import { shipmentSteps, type ShipmentStep } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import { advance, createShipment, stop } from './decide';
import { evolve, noShipment, type ShipmentEvent } from './shipment';

const given = deciderSpecification(evolve, noShipment);

const orderId = 'order-1';
const shipmentId = 'shipment-1';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const lines = [{ lineId: 'line-1', sku: 'BOOK-1', quantity: 2 }];

const created: ShipmentEvent = { type: 'ShipmentCreated', data: { orderId, shipmentId, lines, createdAt: at } };
const stepped = { orderId, shipmentId, at };
const picked: ShipmentEvent = { type: 'ShipmentPicked', data: stepped };
const packed: ShipmentEvent = { type: 'ShipmentPacked', data: stepped };
const shipped: ShipmentEvent = { type: 'ShipmentShipped', data: stepped };
const delivered: ShipmentEvent = { type: 'ShipmentDelivered', data: stepped };
const returned: ShipmentEvent = { type: 'ShipmentReturned', data: stepped };
const cancelled: ShipmentEvent = { type: 'ShipmentCancelled', data: { orderId, shipmentId, reason: 'CUSTOMER_REQUEST', at } };

/** The history that leaves a shipment in each state. */
const historyOf = {
  waiting: [created],
  picked: [created, picked],
  packed: [created, picked, packed],
  shipped: [created, picked, packed, shipped],
  delivered: [created, picked, packed, shipped, delivered],
  returned: [created, picked, packed, shipped, delivered, returned],
  cancelled: [created, cancelled],
};
type State = keyof typeof historyOf;
const states = Object.keys(historyOf) as State[];

describe('creating a shipment', () => {
  it('creates it waiting, with the physical lines', () =>
    given()
      .when((shipment) => createShipment(shipment, { orderId, shipmentId, lines, at }))
      .then([created]));

  it('does nothing when the order already has one (a redelivered confirmation)', () =>
    given(created)
      .when((shipment) => createShipment(shipment, { orderId, shipmentId: 'another', lines, at: later }))
      .thenNothing());

  it('refuses a shipment of nothing', () =>
    given()
      .when((shipment) => createShipment(shipment, { orderId, shipmentId, lines: [], at }))
      .thenFails('VALIDATION_FAILED'));
});

describe('advancing a shipment', () => {
  const valid: [State, ShipmentStep, ShipmentEvent['type']][] = [
    ['waiting', 'pick', 'ShipmentPicked'],
    ['picked', 'pack', 'ShipmentPacked'],
    ['packed', 'ship', 'ShipmentShipped'],
    ['shipped', 'deliver', 'ShipmentDelivered'],
    ['delivered', 'return', 'ShipmentReturned'],
  ];

  it.each(valid)('a %s shipment can %s', (state, step, type) =>
    given(...historyOf[state])
      .when((shipment) => advance(shipment, step, later))
      .then([{ type, data: { orderId, shipmentId, at: later } } as ShipmentEvent]));

  const invalid = states.flatMap((state) =>
    shipmentSteps.filter((step) => !valid.some(([from, allowed]) => from === state && allowed === step)).map((step) => [state, step] as const),
  );

  it('covers every other pair of state and step', () => expect(invalid).toHaveLength(states.length * shipmentSteps.length - valid.length));

  it.each(invalid)('a %s shipment cannot %s', (state, step) =>
    given(...historyOf[state])
      .when((shipment) => advance(shipment, step, later))
      .thenFails('INVALID_TRANSITION'));

  it('refuses to deliver what was never shipped', () =>
    given(created, picked)
      .when((shipment) => advance(shipment, 'deliver', later))
      .thenFails('INVALID_TRANSITION'));

  it.each(shipmentSteps)('cannot %s a shipment that does not exist', (step) =>
    given()
      .when((shipment) => advance(shipment, step, later))
      .thenFails('SHIPMENT_NOT_FOUND'));
});

describe('stopping a shipment when the order is cancelled', () => {
  it.each(['waiting', 'picked', 'packed'] as const)('stops a %s shipment', (state) =>
    given(...historyOf[state])
      .when((shipment) => stop(shipment, { reason: 'FRAUD_RISK', at: later }))
      .then([{ type: 'ShipmentCancelled', data: { orderId, shipmentId, reason: 'FRAUD_RISK', at: later } }]));

  it.each(['shipped', 'delivered', 'returned'] as const)('cannot stop a %s shipment: it has left the warehouse, so nothing happens', (state) =>
    given(...historyOf[state])
      .when((shipment) => stop(shipment, { reason: 'FRAUD_RISK', at: later }))
      .thenNothing());

  it('stopping twice stops once', () =>
    given(created, cancelled)
      .when((shipment) => stop(shipment, { reason: 'FRAUD_RISK', at: later }))
      .thenNothing());

  it('has nothing to stop when there is no shipment', () =>
    given()
      .when((shipment) => stop(shipment, { reason: 'FRAUD_RISK', at: later }))
      .thenNothing());

  it('a stopped shipment moves no further', () =>
    given(created, cancelled)
      .when((shipment) => advance(shipment, 'pick', later))
      .thenFails('INVALID_TRANSITION'));
});

describe('the shipment as its events tell it', () => {
  it.each(states)('is %s after its history', (state) =>
    given(...historyOf[state]).thenState((shipment) => expect(shipment).toEqual({ status: state, orderId, shipmentId, lines })));

  it('is none before it is created, and ignores a step without a creation', () =>
    given(picked).thenState((shipment) => expect(shipment).toEqual({ status: 'none' })));
});
