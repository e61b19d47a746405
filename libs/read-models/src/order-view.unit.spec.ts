import { streams } from '@oms/contracts';
import { evolveOrderRecord, orderViewFromEvents, totalsOf, viewLine } from './order-view';
import { EventLog, at, line, place } from './read-model.fixtures';

describe('order view (pure)', () => {
  it('folds an order’s events into the view, the same way the projection does', () => {
    const log = new EventLog();
    const first = line({ quantity: 2, unitPrice: 300 });
    const { orderId } = place(log, { lines: [first] });
    log.record(streams.order(orderId), 'OrderHoldPlaced', { orderId, holdId: 'h', type: 'DOCUMENTS', reason: 'id', placedAt: at(1) }, at(1));
    log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 's', lines: [], createdAt: at(2) }, at(2));
    expect(orderViewFromEvents(log.all)).toMatchObject({
      id: orderId,
      totals: { subtotal: 600, tax: 0, discount: 0, total: 600 },
      holds: [{ holdId: 'h', type: 'DOCUMENTS', reason: 'id', placedAt: at(1) }],
      modules: { logistics: { state: 'waiting', updatedAt: at(2) } },
      updatedAt: at(2),
      version: 1,
    });
  });

  it('returns the very same record for an event already applied or unknown, and nothing before OrderPlaced', () => {
    const log = new EventLog();
    const { orderId } = place(log);
    const placed = evolveOrderRecord(undefined, log.all[0]);
    expect(evolveOrderRecord(placed, log.all[0])).toBe(placed);
    const issued = log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'i', amount: 0, currency: 'EUR', issuedAt: at(1) }, at(1));
    const withInvoice = evolveOrderRecord(placed, issued);
    expect(evolveOrderRecord(withInvoice, issued)).toBe(withInvoice);
    expect(evolveOrderRecord(withInvoice, { ...issued, type: 'InvoiceArchived', position: issued.position + 1n })).toBe(withInvoice);
    expect(evolveOrderRecord(undefined, issued)).toBeUndefined();
  });

  it('computes line subtotals and totals in integers', () => {
    const lines = [viewLine(line({ quantity: 3, unitPrice: 333 })), viewLine(line({ quantity: 1, unitPrice: 1 }))];
    expect(lines.map((l) => l.subtotal)).toEqual([999, 1]);
    expect(totalsOf(lines)).toEqual({ subtotal: 1000, tax: 0, discount: 0, total: 1000 });
  });
});
