import { book, cancelled, confirmed, ebook, fulfilmentStarted, given, holdPlaced, holdReleased, lineAdded, moduleReached, placed, placedAt } from './order.fixtures';
import { evolve, initialOrder, type OrderEvent } from './order';

describe('the order as its events tell it', () => {
  it('does not exist before it is placed', () => given().thenState((order) => expect(order.status).toBeNull()));

  it('is pending once placed, with its lines', () =>
    given(placed([book])).thenState((order) => {
      expect(order).toMatchObject({ status: 'pending', orderNumber: 'ORD-2026-000042', currency: 'EUR', lines: [book], createdAt: placedAt, updatedAt: placedAt });
    }));

  it('adds, changes and removes lines', () =>
    given(
      placed([book]),
      lineAdded(ebook),
      { type: 'OrderLineQuantityChanged', data: { orderId: 'o', lineId: book.lineId, quantity: 5, at: '2026-11-22T10:06:00.000Z' } },
      { type: 'OrderLineRemoved', data: { orderId: 'o', lineId: ebook.lineId, at: '2026-11-22T10:07:00.000Z' } },
    ).thenState((order) => {
      expect(order.lines).toEqual([{ ...book, quantity: 5 }]);
      expect(order.updatedAt).toBe('2026-11-22T10:07:00.000Z');
    }));

  it('keeps the payment that confirmed it', () =>
    given(placed(), confirmed([book], 'pay-7')).thenState((order) => {
      expect(order.status).toBe('confirmed');
      expect(order.payment).toEqual({ paymentId: 'pay-7', amount: 2500, currency: 'EUR', confirmedAt: '2026-11-22T10:10:00.000Z' });
    }));

  it('keeps only active holds, and remembers released hold ids', () =>
    given(placed(), holdPlaced('h1'), holdPlaced('h2', 'FRAUD'), holdReleased('h1')).thenState((order) => {
      expect(order.holds.map((hold) => hold.holdId)).toEqual(['h2']);
      expect(order.releasedHoldIds).toEqual(['h1']);
    }));

  it('knows the latest state of each module and which module events it has seen', () =>
    given(placed(), confirmed(), moduleReached('finance', 'issued', 'e1'), moduleReached('finance', 'paid', 'e2', '2026-11-22T10:31:00.000Z')).thenState((order) => {
      expect(order.modules).toEqual({ finance: { state: 'paid', updatedAt: '2026-11-22T10:31:00.000Z' } });
      expect(order.recordedModuleEventIds).toEqual(['e1', 'e2']);
    }));

  it('moves to fulfilling and completed', () => {
    given(placed(), confirmed(), fulfilmentStarted()).thenState((order) => expect(order.status).toBe('fulfilling'));
    given(placed(), confirmed(), fulfilmentStarted(), { type: 'OrderCompleted', data: { orderId: 'o', at: 'x' } }).thenState((order) =>
      expect(order.status).toBe('completed'));
  });

  it('records the cancellation', () =>
    given(placed(), cancelled('CUSTOMER_REQUEST', 'pending')).thenState((order) => {
      expect(order.status).toBe('cancelled');
      expect(order.cancellation).toEqual({ reason: 'CUSTOMER_REQUEST', previousStatus: 'pending', requestedAt: '2026-11-22T10:40:00.000Z', cancelledAt: '2026-11-22T10:40:00.000Z' });
    }));

  it('ignores an event type it does not know yet', () => {
    const order = evolve(initialOrder(), placed());
    expect(evolve(order, { type: 'OrderArchived', data: {} } as unknown as OrderEvent)).toBe(order);
  });

  it('does not change the state it was given', () => {
    const before = evolve(initialOrder(), placed([book]));
    const snapshot = JSON.parse(JSON.stringify(before));
    evolve(before, lineAdded(ebook));
    evolve(before, holdPlaced());
    evolve(before, moduleReached('finance', 'issued'));
    expect(before).toEqual(snapshot);
  });
});
