import { derivedId, type DomainEvent, type OrderConfirmed, type OrderLine } from '@oms/contracts';
import { deciderSpecification } from '@oms/testing';
import { physicalLines, reactToOrderEvent, shipmentIdFor } from './order-reaction';
import { evolve, noShipment, type ShipmentEvent } from './shipment';

const given = deciderSpecification(evolve, noShipment);

const orderId = 'order-1';
const shipmentId = shipmentIdFor(orderId);
const confirmedAt = '2026-03-01T10:00:00.000Z';
const cancelledAt = '2026-03-01T11:00:00.000Z';

const line = (lineId: string, productType: OrderLine['productType']): OrderLine => ({ lineId, sku: `SKU-${lineId}`, productType, description: lineId, quantity: 2, unitPrice: 500 });
const book = line('book', 'physical');
const ebook = line('ebook', 'digital');
const flight = line('flight', 'travel');
const lamp = line('lamp', 'physical');

const confirmedWith = (...lines: OrderLine[]): DomainEvent => ({
  type: 'OrderConfirmed',
  data: {
    orderId,
    orderNumber: 'ORD-2026-000001',
    customerId: 'customer-1',
    paymentId: 'payment-1',
    amount: 1000 * lines.length,
    currency: 'EUR',
    lines,
    totals: { subtotal: 1000 * lines.length, tax: 0, discount: 0, total: 1000 * lines.length },
    confirmedAt,
  } satisfies OrderConfirmed,
});
const cancelledOrder: DomainEvent = { type: 'OrderCancelled', data: { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'confirmed', requestedAt: cancelledAt, cancelledAt } };

const created: ShipmentEvent = {
  type: 'ShipmentCreated',
  data: { orderId, shipmentId, lines: [{ lineId: 'book', sku: 'SKU-book', quantity: 2 }], createdAt: confirmedAt },
};
const stepped = { orderId, shipmentId, at: confirmedAt };

describe('does a confirmed order concern logistics?', () => {
  it('keeps only the physical lines, as shipment lines', () => {
    const { data } = confirmedWith(book, ebook, flight, lamp) as DomainEvent<'OrderConfirmed'>;
    expect(physicalLines(data)).toEqual([
      { lineId: 'book', sku: 'SKU-book', quantity: 2 },
      { lineId: 'lamp', sku: 'SKU-lamp', quantity: 2 },
    ]);
  });

  it('derives one shipment id per order', () => {
    expect(shipmentIdFor(orderId)).toBe(derivedId(orderId, 'shipment'));
    expect(shipmentIdFor('order-2')).not.toBe(shipmentId);
  });
});

describe('logistics reacting to order events', () => {
  it('creates a shipment of the physical lines of a confirmed order, at confirmation time', () =>
    given()
      .when((shipment) => reactToOrderEvent(shipment, confirmedWith(book, ebook, flight)))
      .then([created]));

  it('leaves an order with nothing physical alone', () =>
    given()
      .when((shipment) => reactToOrderEvent(shipment, confirmedWith(ebook, flight)))
      .thenNothing());

  it('creates nothing when the confirmation is delivered again', () =>
    given(created)
      .when((shipment) => reactToOrderEvent(shipment, confirmedWith(book)))
      .thenNothing());

  it('stops the shipment when the order is cancelled, with the order’s reason and time', () =>
    given(created, { type: 'ShipmentPicked', data: stepped })
      .when((shipment) => reactToOrderEvent(shipment, cancelledOrder))
      .then([{ type: 'ShipmentCancelled', data: { orderId, shipmentId, reason: 'CUSTOMER_REQUEST', at: cancelledAt } }]));

  it('stops nothing that has shipped', () =>
    given(created, { type: 'ShipmentPicked', data: stepped }, { type: 'ShipmentPacked', data: stepped }, { type: 'ShipmentShipped', data: stepped })
      .when((shipment) => reactToOrderEvent(shipment, cancelledOrder))
      .thenNothing());

  it('has nothing to stop for an order without a shipment', () =>
    given()
      .when((shipment) => reactToOrderEvent(shipment, cancelledOrder))
      .thenNothing());

  it.each<DomainEvent>([
    { type: 'OrderFulfillmentStarted', data: { orderId, at: confirmedAt } },
    { type: 'OrderCompleted', data: { orderId, at: confirmedAt } },
    { type: 'OrderHoldPlaced', data: { orderId, holdId: 'hold-1', type: 'FRAUD', reason: 'check', placedAt: confirmedAt } },
  ])('ignores $type', (event) =>
    given(created)
      .when((shipment) => reactToOrderEvent(shipment, event))
      .thenNothing());
});
