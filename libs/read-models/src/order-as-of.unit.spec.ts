import { streams } from '@oms/contracts';
import { eventsRecordedBy, orderViewAsOf } from './order-as-of';
import { orderViewFromEvents } from './order-view';
import { EventLog, at, line, place } from './read-model.fixtures';

/** An order confirmed at minute 2, invoiced and shipped by its modules at 3–5, cancelled at 8. */
function story() {
  const log = new EventLog();
  const { orderId } = place(log, { lines: [line({ unitPrice: 2500 })] });
  const order = streams.order(orderId);
  const confirmed = log.record(order, 'OrderConfirmed', {
    orderId, orderNumber: 'n', customerId: 'c', paymentId: 'p', amount: 2500, currency: 'EUR', lines: [line({ unitPrice: 2500 })], totals: { subtotal: 2500, tax: 0, discount: 0, total: 2500 }, confirmedAt: at(2),
  }, at(2));
  log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'i', amount: 2500, currency: 'EUR', issuedAt: at(3) }, at(3));
  log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 's', lines: [], createdAt: at(4) }, at(4));
  log.record(streams.invoice(orderId), 'InvoicePaid', { orderId, invoiceId: 'i', paymentId: 'p', amount: 2500, currency: 'EUR', paidAt: at(5) }, at(5));
  // The order only learns of the modules later, by its own event; the view must not wait for it.
  log.record(order, 'OrderModuleStateRecorded', { orderId, module: 'finance', state: 'paid', sourceEventId: 'x', at: at(6) }, at(6));
  log.record(order, 'OrderCancelled', { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'confirmed', requestedAt: at(8), cancelledAt: at(8) }, at(8));
  return { log, orderId, confirmed };
}

describe('order view as of a time (pure)', () => {
  it('is nothing before the order was placed', () => {
    const { log } = story();
    expect(orderViewAsOf(log.all, new Date(Date.parse(at(0)) - 1))).toBeUndefined();
  });

  it('shows each moment with the modules as their own streams had them then', () => {
    const { log, orderId } = story();
    expect(orderViewAsOf(log.all, new Date(at(0)))).toMatchObject({ id: orderId, status: 'pending', modules: {}, version: 0 });
    expect(orderViewAsOf(log.all, new Date(at(2)))).toMatchObject({ status: 'confirmed', modules: {}, version: 1 });
    expect(orderViewAsOf(log.all, new Date(Date.parse(at(4)) + 30_000))).toMatchObject({
      status: 'confirmed',
      modules: { finance: { state: 'issued', updatedAt: at(3) }, logistics: { state: 'waiting', updatedAt: at(4) } },
      version: 1,
    });
    expect(orderViewAsOf(log.all, new Date(at(5)))?.modules).toEqual({
      finance: { state: 'paid', updatedAt: at(5) },
      logistics: { state: 'waiting', updatedAt: at(4) },
    });
    expect(orderViewAsOf(log.all, new Date(at(9)))).toMatchObject({ status: 'cancelled', version: 3 });
  });

  it('at or after the last event, is the view the projection builds', () => {
    const { log } = story();
    expect(orderViewAsOf(log.all, new Date(at(60)))).toEqual(orderViewFromEvents(log.all));
  });

  it('cuts each stream at its first event recorded later, and folds in global order whatever order it got them in', () => {
    const { log, confirmed } = story();
    // An old row whose store time is out of step: revision 2 of the order stream recorded before revision 1.
    const shuffled = [...log.all].reverse().map((event) => (event.eventId === confirmed.eventId ? { ...event, recordedAt: new Date(at(7)) } : event));
    const kept = eventsRecordedBy(shuffled, new Date(at(6)));
    expect(kept.map((event) => event.type)).toEqual(['OrderPlaced', 'InvoiceIssued', 'ShipmentCreated', 'InvoicePaid']);
    expect(kept.map((event) => event.position)).toEqual([...kept.map((event) => event.position)].sort((a, b) => (a < b ? -1 : 1)));
  });
});
