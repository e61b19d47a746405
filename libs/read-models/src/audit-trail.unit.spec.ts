import { newId, streams } from '@oms/contracts';
import { auditTrail, describeActor } from './audit-trail';
import { EventLog, at, line, place } from './read-model.fixtures';

describe('audit trail (pure)', () => {
  it('says, per event, what the order or its module was after it, and who did it', () => {
    const log = new EventLog();
    const { orderId } = place(log, { lines: [line()] });
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h', type: 'CREDIT', reason: 'check', placedAt: at(1) }, at(1));
    log.record(streams.order(orderId), 'OrderHoldReleased', { orderId, holdId: 'h', reason: 'ok', releasedAt: at(2) }, at(2));
    log.record(streams.order(orderId), 'OrderConfirmed', {
      orderId, orderNumber: 'n', customerId: 'c', paymentId: 'p', amount: 1000, currency: 'EUR', lines: [line()], totals: { subtotal: 1000, tax: 0, discount: 0, total: 1000 }, confirmedAt: at(3),
    }, at(3));
    log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'i', amount: 1000, currency: 'EUR', issuedAt: at(4) }, at(4));
    log.record(streams.notification(orderId), 'NotificationSent', { orderId, notificationId: newId(), kind: 'order_confirmed', channel: 'log', recipient: 'c', subject: 's', body: 'b', sentAt: at(4) }, at(4));
    log.record(streams.booking(orderId), 'BookingFailed', { orderId, bookingId: 'b', reason: 'full', at: at(5) }, at(5));
    log.record(streams.order(orderId), 'OrderCancelled', { orderId, reason: 'BOOKING_FAILED', previousStatus: 'confirmed', requestedAt: at(6), cancelledAt: at(6) }, at(6));

    const trail = auditTrail(log.all);
    expect(trail.map((entry) => [entry.module, entry.type, entry.status])).toEqual([
      ['ordering', 'OrderPlaced', 'pending'],
      ['ordering', 'OrderHoldPlaced', 'pending, on hold (CREDIT)'],
      ['ordering', 'OrderHoldReleased', 'pending, hold released'],
      ['ordering', 'OrderConfirmed', 'confirmed'],
      ['finance', 'InvoiceIssued', 'issued'],
      ['notification', 'NotificationSent', 'sent order_confirmed'],
      ['travel', 'BookingFailed', 'cancelled (supplier failed)'],
      ['ordering', 'OrderCancelled', 'cancelled (BOOKING_FAILED)'],
    ]);
    expect(trail[0]).toMatchObject({ actor: 'dev-client (client)', stream: `order-${orderId}`, revision: 0, recordedAt: at(0), occurredAt: at(0) });
  });

  it('names users by key and role, services by name', () => {
    expect(describeActor({ type: 'user', id: 'dev-auditor', role: 'auditor' })).toBe('dev-auditor (auditor)');
    expect(describeActor({ type: 'service', id: 'finance', role: 'service' })).toBe('service:finance');
    expect(describeActor(undefined)).toBe('unknown');
  });
});
