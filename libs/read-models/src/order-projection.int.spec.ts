import { newId, streams } from '@oms/contracts';
import { getOrder, getOrderByNumber } from './order-queries';
import { EventLog, Projector, at, line, place, useReadModelDatabase } from './read-model.fixtures';

describe('order projection (rm_orders)', () => {
  const db = useReadModelDatabase();
  const projector = () => new Projector(() => db.pool);

  it('shows a placed order and its line changes, with totals recomputed and version = stream revision', async () => {
    const log = new EventLog();
    const first = line({ sku: 'BOOK', quantity: 2, unitPrice: 1250 });
    const { orderId, orderNumber } = place(log, { customerId: 'c-42', lines: [first], placedAt: at(0) });
    const second = line({ sku: 'EBOOK', productType: 'digital', quantity: 1, unitPrice: 999, description: 'e-book' });
    log.record(streams.order(orderId), 'OrderLineAdded', { orderId, line: second, at: at(1) }, at(1));
    log.record(streams.order(orderId), 'OrderLineQuantityChanged', { orderId, lineId: first.lineId, quantity: 3, at: at(2) }, at(2));
    await projector().feed(log.all);

    const view = await getOrder(db.pool, orderId);
    expect(view).toEqual({
      id: orderId,
      orderNumber,
      customerId: 'c-42',
      currency: 'EUR',
      status: 'pending',
      lines: [
        { lineId: first.lineId, sku: 'BOOK', productType: 'physical', description: 'a thing', quantity: 3, unitPrice: 1250, subtotal: 3750 },
        { lineId: second.lineId, sku: 'EBOOK', productType: 'digital', description: 'e-book', quantity: 1, unitPrice: 999, subtotal: 999 },
      ],
      totals: { subtotal: 4749, tax: 0, discount: 0, total: 4749 },
      modules: {},
      holds: [],
      createdAt: at(0),
      updatedAt: at(2),
      version: 2,
    });
    expect(view).not.toHaveProperty('cancellation');

    const mark = log.all.length;
    log.record(streams.order(orderId), 'OrderLineRemoved', { orderId, lineId: first.lineId, at: at(3) }, at(3));
    const p = projector();
    await p.feed(log.since(mark));
    const after = await getOrder(db.pool, orderId);
    expect(after?.lines.map((l) => l.sku)).toEqual(['EBOOK']);
    expect(after?.totals).toEqual({ subtotal: 999, tax: 0, discount: 0, total: 999 });
    expect(after?.version).toBe(3);
    expect(await getOrderByNumber(db.pool, orderNumber)).toEqual(after);
  });

  it('follows the happy path to completed, with a module key only once that module has a row', async () => {
    const log = new EventLog();
    const physical = line({ quantity: 1, unitPrice: 5000 });
    const trip = line({ sku: 'TRIP', productType: 'travel', quantity: 1, unitPrice: 20000, description: 'Lisbon' });
    const { orderId, orderNumber, customerId } = place(log, { lines: [physical, trip] });
    const p = projector();
    await p.feed(log.all);

    let mark = log.all.length;
    log.record(
      streams.order(orderId),
      'OrderConfirmed',
      { orderId, orderNumber, customerId, paymentId: 'pay-1', amount: 25000, currency: 'EUR', lines: [physical, trip], totals: { subtotal: 25000, tax: 0, discount: 0, total: 25000 }, confirmedAt: at(5) },
      at(5),
    );
    log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'inv-1', amount: 25000, currency: 'EUR', issuedAt: at(6) }, at(6));
    await p.feed(log.since(mark));
    expect(await getOrder(db.pool, orderId)).toMatchObject({ status: 'confirmed', modules: { finance: { state: 'issued', updatedAt: at(6) } }, version: 1, updatedAt: at(6) });
    expect(Object.keys((await getOrder(db.pool, orderId))!.modules)).toEqual(['finance']);

    mark = log.all.length;
    log.record(streams.invoice(orderId), 'InvoicePaid', { orderId, invoiceId: 'inv-1', paymentId: 'pay-1', amount: 25000, currency: 'EUR', paidAt: at(7) }, at(7));
    log.record(streams.order(orderId), 'OrderFulfillmentStarted', { orderId, at: at(8) }, at(8));
    log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 'shp-1', lines: [{ lineId: physical.lineId, sku: physical.sku, quantity: 1 }], createdAt: at(8) }, at(8));
    log.record(streams.booking(orderId), 'BookingReserved', { orderId, bookingId: 'bk-1', lines: [{ lineId: trip.lineId, sku: 'TRIP', quantity: 1, description: 'Lisbon' }], reservedAt: at(8) }, at(8));
    log.record(streams.order(orderId), 'OrderModuleStateRecorded', { orderId, module: 'finance', state: 'paid', sourceEventId: newId(), at: at(9) }, at(9));
    await p.feed(log.since(mark));
    expect(await getOrder(db.pool, orderId)).toMatchObject({
      status: 'fulfilling',
      modules: { finance: { state: 'paid' }, logistics: { state: 'waiting', updatedAt: at(8) }, travel: { state: 'reserved', updatedAt: at(8) } },
      version: 3,
    });

    mark = log.all.length;
    const steps = ['ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped', 'ShipmentDelivered'] as const;
    steps.forEach((type, index) => log.record(streams.shipment(orderId), type, { orderId, shipmentId: 'shp-1', at: at(10 + index) }, at(10 + index)));
    log.record(streams.booking(orderId), 'BookingConfirmed', { orderId, bookingId: 'bk-1', at: at(20) }, at(20));
    log.record(streams.booking(orderId), 'BookingTravelled', { orderId, bookingId: 'bk-1', at: at(21) }, at(21));
    log.record(streams.order(orderId), 'OrderCompleted', { orderId, at: at(22) }, at(22));
    await p.feed(log.since(mark));
    expect(await getOrder(db.pool, orderId)).toMatchObject({
      status: 'completed',
      modules: {
        finance: { state: 'paid', updatedAt: at(7) },
        logistics: { state: 'delivered', updatedAt: at(13) },
        travel: { state: 'travelled', updatedAt: at(21) },
      },
      updatedAt: at(22),
      version: 4,
    });

    mark = log.all.length;
    log.record(streams.shipment(orderId), 'ShipmentReturned', { orderId, shipmentId: 'shp-1', at: at(30) }, at(30));
    await p.feed(log.since(mark));
    expect((await getOrder(db.pool, orderId))?.modules.logistics).toEqual({ state: 'returned', updatedAt: at(30) });
  });

  it('shows active holds only', async () => {
    const log = new EventLog();
    const { orderId } = place(log, { lines: [line()] });
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h-1', type: 'FRAUD', reason: 'odd address', placedAt: at(1) }, at(1));
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h-2', type: 'CREDIT', reason: 'limit', placedAt: at(2) }, at(2));
    const p = projector();
    await p.feed(log.all);
    expect((await getOrder(db.pool, orderId))?.holds).toEqual([
      { holdId: 'h-1', type: 'FRAUD', reason: 'odd address', placedAt: at(1) },
      { holdId: 'h-2', type: 'CREDIT', reason: 'limit', placedAt: at(2) },
    ]);
    const mark = log.all.length;
    log.record(streams.order(orderId), 'OrderHoldReleased', { orderId, holdId: 'h-1', reason: 'checked', releasedAt: at(3) }, at(3));
    await p.feed(log.since(mark));
    expect(await getOrder(db.pool, orderId)).toMatchObject({ holds: [{ holdId: 'h-2' }], version: 3, updatedAt: at(3) });
  });

  it('shows the cancellation at once, and the modules undoing their part as they follow', async () => {
    const log = new EventLog();
    const physical = line({ unitPrice: 700 });
    const trip = line({ productType: 'travel', unitPrice: 300 });
    const { orderId, orderNumber, customerId } = place(log, { lines: [physical, trip] });
    log.record(
      streams.order(orderId),
      'OrderConfirmed',
      { orderId, orderNumber, customerId, paymentId: 'pay-9', amount: 1000, currency: 'EUR', lines: [physical, trip], totals: { subtotal: 1000, tax: 0, discount: 0, total: 1000 }, confirmedAt: at(1) },
      at(1),
    );
    log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'inv-9', amount: 1000, currency: 'EUR', issuedAt: at(2) }, at(2));
    log.record(streams.invoice(orderId), 'InvoicePaid', { orderId, invoiceId: 'inv-9', paymentId: 'pay-9', amount: 1000, currency: 'EUR', paidAt: at(2) }, at(2));
    log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 'shp-9', lines: [], createdAt: at(2) }, at(2));
    log.record(streams.booking(orderId), 'BookingReserved', { orderId, bookingId: 'bk-9', lines: [], reservedAt: at(2) }, at(2));
    log.record(streams.booking(orderId), 'BookingFailed', { orderId, bookingId: 'bk-9', reason: 'no rooms', at: at(3) }, at(3));
    log.record(
      streams.order(orderId),
      'OrderCancelled',
      { orderId, reason: 'BOOKING_FAILED', previousStatus: 'confirmed', requestedAt: at(3), cancelledAt: at(4) },
      at(4),
    );
    const p = projector();
    await p.feed(log.all);
    expect(await getOrder(db.pool, orderId)).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'BOOKING_FAILED', note: null, requestedAt: at(3), cancelledAt: at(4) },
      modules: { finance: { state: 'paid' }, logistics: { state: 'waiting' }, travel: { state: 'cancelled', updatedAt: at(3) } },
      version: 2,
    });

    const mark = log.all.length;
    log.record(streams.invoice(orderId), 'InvoiceRefunded', { orderId, invoiceId: 'inv-9', amount: 1000, currency: 'EUR', reason: 'BOOKING_FAILED', refundedAt: at(5) }, at(5));
    log.record(streams.shipment(orderId), 'ShipmentCancelled', { orderId, shipmentId: 'shp-9', reason: 'BOOKING_FAILED', at: at(5) }, at(5));
    await p.feed(log.since(mark));
    expect((await getOrder(db.pool, orderId))?.modules).toEqual({
      finance: { state: 'refunded', updatedAt: at(5) },
      logistics: { state: 'cancelled', updatedAt: at(5) },
      travel: { state: 'cancelled', updatedAt: at(3) },
    });
  });

  it('keeps a client note and cancels a booking by compensation', async () => {
    const log = new EventLog();
    const { orderId } = place(log, { lines: [line()] });
    log.record(streams.order(orderId), 'OrderCancelled', { orderId, reason: 'CUSTOMER_REQUEST', note: 'changed my mind', previousStatus: 'pending', requestedAt: at(1), cancelledAt: at(1) }, at(1));
    log.record(streams.booking(orderId), 'BookingReserved', { orderId, bookingId: 'bk-2', lines: [], reservedAt: at(0) }, at(0));
    log.record(streams.booking(orderId), 'BookingCancelled', { orderId, bookingId: 'bk-2', reason: 'CUSTOMER_REQUEST', at: at(2) }, at(2));
    await projector().feed(log.all);
    expect(await getOrder(db.pool, orderId)).toMatchObject({
      cancellation: { reason: 'CUSTOMER_REQUEST', note: 'changed my mind', requestedAt: at(1), cancelledAt: at(1) },
      modules: { travel: { state: 'cancelled', updatedAt: at(2) } },
    });
  });

  it('records a module state the order learnt only as a new version', async () => {
    const log = new EventLog();
    const { orderId } = place(log);
    log.record(streams.order(orderId), 'OrderModuleStateRecorded', { orderId, module: 'logistics', state: 'shipped', sourceEventId: newId(), at: at(4) }, at(4));
    await projector().feed(log.all);
    expect(await getOrder(db.pool, orderId)).toMatchObject({ modules: {}, version: 1, updatedAt: at(4) });
  });

  it('ignores module events of an order it never saw placed, and unknown event types', async () => {
    const log = new EventLog();
    const orderId = newId();
    log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'x', amount: 1, currency: 'EUR', issuedAt: at(0) }, at(0));
    const unknown = { ...log.record('other-stream', 'OrderCompleted', { orderId, at: at(1) }, at(1)), type: 'SomethingNew' };
    await projector().feed([log.all[0], unknown]);
    expect(await getOrder(db.pool, orderId)).toBeUndefined();
  });

  it('answers nothing for unknown or malformed ids and numbers', async () => {
    expect(await getOrder(db.pool, newId())).toBeUndefined();
    expect(await getOrder(db.pool, 'not-a-uuid')).toBeUndefined();
    expect(await getOrder(db.pool, "'; DROP TABLE rm_orders; --")).toBeUndefined();
    expect(await getOrderByNumber(db.pool, 'ORD-0000-000000')).toBeUndefined();
    expect(await getOrderByNumber(db.pool, 'x'.repeat(10_000))).toBeUndefined();
  });
});
