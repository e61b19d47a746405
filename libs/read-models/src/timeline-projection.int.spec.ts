import { streams } from '@oms/contracts';
import { getNotifications, getTimeline } from './order-queries';
import { EventLog, Projector, at, line, place, useReadModelDatabase } from './read-model.fixtures';

describe('timeline and notification projections', () => {
  const db = useReadModelDatabase();

  it('keeps each module’s status history oldest first, closing an entry when the next of its module replaces it', async () => {
    const log = new EventLog();
    const { orderId, orderNumber, customerId } = place(log, { lines: [line({ unitPrice: 100 })], customerId: 'c-7' });
    log.record(
      streams.order(orderId),
      'OrderConfirmed',
      { orderId, orderNumber, customerId, paymentId: 'pay-1', amount: 100, currency: 'EUR', lines: [], totals: { subtotal: 100, tax: 0, discount: 0, total: 100 }, confirmedAt: at(1) },
      at(1),
    );
    log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'inv-1', amount: 100, currency: 'EUR', issuedAt: at(2) }, at(2));
    log.record(streams.invoice(orderId), 'InvoicePaid', { orderId, invoiceId: 'inv-1', paymentId: 'pay-1', amount: 100, currency: 'EUR', paidAt: at(3) }, at(3));
    log.record(streams.order(orderId), 'OrderFulfillmentStarted', { orderId, at: at(4) }, at(4));
    log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 's-1', lines: [], createdAt: at(4) }, at(4));
    log.record(streams.shipment(orderId), 'ShipmentPicked', { orderId, shipmentId: 's-1', at: at(5) }, at(5));
    await new Projector(() => db.pool).feed(log.all);

    expect(await getTimeline(db.pool, orderId)).toEqual([
      { module: 'order', statusCode: 'order:pending', category: 'status', severity: 'info', payload: { orderNumber, customerId: 'c-7', currency: 'EUR' }, recordedAt: at(0), closedAt: at(1) },
      { module: 'order', statusCode: 'order:confirmed', category: 'status', severity: 'info', payload: { paymentId: 'pay-1', amount: 100, currency: 'EUR' }, recordedAt: at(1), closedAt: at(4) },
      { module: 'finance', statusCode: 'finance:invoice_issued', category: 'status', severity: 'info', payload: { invoiceId: 'inv-1', amount: 100, currency: 'EUR' }, recordedAt: at(2), closedAt: at(3) },
      { module: 'finance', statusCode: 'finance:paid', category: 'payment', severity: 'info', payload: { invoiceId: 'inv-1', paymentId: 'pay-1', amount: 100, currency: 'EUR' }, recordedAt: at(3), closedAt: null },
      { module: 'order', statusCode: 'order:fulfilling', category: 'status', severity: 'info', payload: {}, recordedAt: at(4), closedAt: null },
      { module: 'logistics', statusCode: 'logistics:waiting', category: 'status', severity: 'info', payload: { shipmentId: 's-1', lines: [] }, recordedAt: at(4), closedAt: at(5) },
      { module: 'logistics', statusCode: 'logistics:picked', category: 'status', severity: 'info', payload: { shipmentId: 's-1' }, recordedAt: at(5), closedAt: null },
    ]);
  });

  it('keeps a hold open until its release, beside the order’s status', async () => {
    const log = new EventLog();
    const { orderId } = place(log);
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h-1', type: 'MANUAL_REVIEW', reason: 'big order', placedAt: at(1) }, at(1));
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h-2', type: 'DOCUMENTS', reason: 'passport', placedAt: at(2) }, at(2));
    log.record(streams.order(orderId), 'OrderHoldReleased', { orderId, holdId: 'h-1', reason: 'looks fine', releasedAt: at(3) }, at(3));
    await new Projector(() => db.pool).feed(log.all);

    const timeline = await getTimeline(db.pool, orderId);
    expect(timeline.map(({ statusCode, closedAt, payload }) => [statusCode, payload.holdId ?? null, closedAt])).toEqual([
      ['order:pending', null, null],
      ['order:on_hold', 'h-1', at(3)],
      ['order:on_hold', 'h-2', null],
      ['order:hold_released', 'h-1', at(3)],
    ]);
    expect(timeline[1]).toMatchObject({ category: 'hold', severity: 'warning', payload: { type: 'MANUAL_REVIEW', reason: 'big order' } });
  });

  it('marks a cancellation and a supplier veto by severity', async () => {
    const log = new EventLog();
    const { orderId } = place(log);
    log.record(streams.booking(orderId), 'BookingReserved', { orderId, bookingId: 'b-1', lines: [], reservedAt: at(1) }, at(1));
    log.record(streams.booking(orderId), 'BookingFailed', { orderId, bookingId: 'b-1', reason: 'sold out', at: at(2) }, at(2));
    log.record(streams.order(orderId), 'OrderCancelled', { orderId, reason: 'BOOKING_FAILED', previousStatus: 'confirmed', requestedAt: at(2), cancelledAt: at(3) }, at(3));
    log.record(streams.invoice(orderId), 'InvoiceRefunded', { orderId, invoiceId: 'i', amount: 5, currency: 'EUR', reason: 'BOOKING_FAILED', refundedAt: at(4) }, at(4));
    log.record(streams.shipment(orderId), 'ShipmentCancelled', { orderId, shipmentId: 's', reason: 'BOOKING_FAILED', at: at(4) }, at(4));
    await new Projector(() => db.pool).feed(log.all);

    const timeline = await getTimeline(db.pool, orderId);
    expect(timeline.map(({ statusCode, severity, closedAt }) => [statusCode, severity, closedAt])).toEqual([
      ['order:pending', 'info', at(3)],
      ['travel:reserved', 'info', at(2)],
      ['travel:failed', 'error', null],
      ['order:cancelled', 'warning', null],
      ['finance:refunded', 'warning', null],
      ['logistics:cancelled', 'warning', null],
    ]);
    expect(timeline[3].payload).toEqual({ reason: 'BOOKING_FAILED', note: null, previousStatus: 'confirmed', requestedAt: at(2) });
  });

  it('lists the notifications sent for an order, once each', async () => {
    const log = new EventLog();
    const { orderId } = place(log);
    const sent = (notificationId: string, kind: 'order_confirmed' | 'order_cancelled', minute: number) =>
      log.record(
        streams.notification(orderId),
        'NotificationSent',
        { orderId, notificationId, kind, channel: 'log', recipient: 'customer-1', subject: `Order ${kind}`, body: 'hello', sentAt: at(minute) },
        at(minute),
      );
    sent('7f0f7a4e-53a1-5d43-9d54-5b1c0b1c0a01', 'order_confirmed', 1);
    sent('7f0f7a4e-53a1-5d43-9d54-5b1c0b1c0a02', 'order_cancelled', 2);
    const p = new Projector(() => db.pool);
    await p.feed(log.all);
    // The same notification delivered again (another event id, same notification) is one row.
    await p.feed([{ ...log.all[1], eventId: '0190a8f0-0000-7000-8000-000000000001', position: log.all[2].position + 1n }]);

    expect(await getNotifications(db.pool, orderId)).toEqual([
      { notificationId: '7f0f7a4e-53a1-5d43-9d54-5b1c0b1c0a01', kind: 'order_confirmed', channel: 'log', recipient: 'customer-1', subject: 'Order order_confirmed', sentAt: at(1) },
      { notificationId: '7f0f7a4e-53a1-5d43-9d54-5b1c0b1c0a02', kind: 'order_cancelled', channel: 'log', recipient: 'customer-1', subject: 'Order order_cancelled', sentAt: at(2) },
    ]);
    expect(await getTimeline(db.pool, orderId)).toHaveLength(1);
  });

  it('answers empty lists for unknown or malformed order ids', async () => {
    expect(await getTimeline(db.pool, '00000000-0000-7000-8000-000000000000')).toEqual([]);
    expect(await getTimeline(db.pool, 'nope')).toEqual([]);
    expect(await getNotifications(db.pool, 'nope')).toEqual([]);
  });
});
