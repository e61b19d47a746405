import { DomainError } from '@oms/contracts';
import { book, cancelled, confirmed, customerId, ebook, holdPlaced, holdReleased, moduleReached, orderId, orderNumber, placed, placedAt } from './order.fixtures';
import { evolve, initialOrder, type OrderEvent } from './order';
import { orderView } from './order-view';

const orderAfter = (...events: OrderEvent[]) => events.reduce(evolve, initialOrder());

describe('the order view', () => {
  it('shows a pending order with line subtotals and totals', () =>
    expect(orderView(orderAfter(placed([book, ebook])))).toEqual({
      id: orderId,
      orderNumber,
      customerId,
      currency: 'EUR',
      status: 'pending',
      lines: [
        { ...book, subtotal: 2500 },
        { ...ebook, subtotal: 999 },
      ],
      totals: { subtotal: 3499, tax: 0, discount: 0, total: 3499 },
      modules: {},
      holds: [],
      createdAt: placedAt,
      updatedAt: placedAt,
    }));

  it('shows only active holds', () =>
    expect(orderView(orderAfter(placed(), holdPlaced('h1'), holdPlaced('h2', 'DOCUMENTS', 'passport'), holdReleased('h1'))).holds).toEqual([
      { holdId: 'h2', type: 'DOCUMENTS', reason: 'passport', placedAt: '2026-11-22T10:15:00.000Z' },
    ]));

  it('shows a module only once the order has heard from it', () => {
    const view = orderView(orderAfter(placed(), confirmed(), moduleReached('finance', 'issued', 'e1', '2026-11-22T10:30:00.000Z')));
    expect(view.modules).toEqual({ finance: { state: 'issued', updatedAt: '2026-11-22T10:30:00.000Z' } });
    expect(view.status).toBe('confirmed');
  });

  it('shows the cancellation, with a null note when none was given', () =>
    expect(orderView(orderAfter(placed(), cancelled('CUSTOMER_REQUEST', 'pending'))).cancellation).toEqual({
      reason: 'CUSTOMER_REQUEST',
      note: null,
      requestedAt: '2026-11-22T10:40:00.000Z',
      cancelledAt: '2026-11-22T10:40:00.000Z',
    }));

  it('shows the order as it stood after any prefix of its events (as-of queries)', () => {
    const history = [placed([book]), holdPlaced(), holdReleased()];
    expect(orderView(orderAfter(...history.slice(0, 2))).holds).toHaveLength(1);
    expect(orderView(orderAfter(...history)).holds).toHaveLength(0);
  });

  it('has no view of an order that does not exist', () => {
    expect(() => orderView(initialOrder())).toThrow(DomainError);
    expect(() => orderView(initialOrder())).toThrow(expect.objectContaining({ code: 'ORDER_NOT_FOUND' }));
  });
});
