import { DomainError, newId, streams } from '@oms/contracts';
import { decodeCursor, encodeCursor } from './list-cursor';
import { listOrders, type ListOrdersQuery } from './order-queries';
import type { OrderView } from './order-view';
import { EventLog, Projector, at, place, useReadModelDatabase } from './read-model.fixtures';

/** Every page of a query, following nextCursor. */
async function allPages(pool: Parameters<typeof listOrders>[0], query: ListOrdersQuery): Promise<OrderView[][]> {
  const pages: OrderView[][] = [];
  let cursor = query.cursor;
  do {
    const page = await listOrders(pool, { ...query, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

function newestFirst(a: OrderView, b: OrderView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : -1;
}

async function validationFields(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return ((error as DomainError).errors ?? []).map((e) => e.field);
  }
  throw new Error('expected a validation error');
}

describe('order queries', () => {
  const db = useReadModelDatabase();
  const log = new EventLog();
  let everything: OrderView[] = [];

  beforeAll(async () => {
    // 25 orders over 10 distinct instants (many ties), three customers, some confirmed or cancelled.
    for (let i = 0; i < 25; i++) {
      const { orderId, orderNumber, customerId } = place(log, { customerId: `cust-${i % 3}`, placedAt: at(Math.floor(i / 3) * 10 + (i % 2 === 0 ? 0.0005 : 0)) });
      if (i % 4 === 0) {
        log.record(
          streams.order(orderId),
          'OrderConfirmed',
          { orderId, orderNumber, customerId, paymentId: `p-${i}`, amount: 0, currency: 'EUR', lines: [], totals: { subtotal: 0, tax: 0, discount: 0, total: 0 }, confirmedAt: at(500) },
          at(500),
        );
      }
      if (i % 5 === 0) {
        log.record(streams.order(orderId), 'OrderCancelled', { orderId, reason: 'OTHER', previousStatus: 'pending', requestedAt: at(600), cancelledAt: at(600) }, at(600));
      }
    }
    await new Projector(() => db.pool).feed(log.all);
    everything = (await listOrders(db.pool, { limit: 100 })).items;
  });

  it('lists newest first, ties on createdAt broken by id', () => {
    expect(everything).toHaveLength(25);
    expect([...everything].sort(newestFirst)).toEqual(everything);
    const createdAts = everything.map((order) => order.createdAt);
    expect(new Set(createdAts).size).toBeLessThan(25);
  });

  it('pages with a cursor without duplicates or gaps, for every page size', async () => {
    for (const limit of [1, 2, 3, 7, 24, 25]) {
      const pages = await allPages(db.pool, { limit });
      expect(pages.flat().map((order) => order.id)).toEqual(everything.map((order) => order.id));
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    }
    const last = await listOrders(db.pool, { limit: 25 });
    expect(last.nextCursor).toBeNull();
    const first = await listOrders(db.pool, {});
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('filters by status, customer and creation time, and pages within the filter', async () => {
    const cancelled = await allPages(db.pool, { status: 'cancelled', limit: 2 });
    expect(cancelled.flat().map((o) => o.id)).toEqual(everything.filter((o) => o.status === 'cancelled').map((o) => o.id));
    expect(cancelled.flat()).toHaveLength(5);

    const confirmed = (await listOrders(db.pool, { status: 'confirmed' })).items;
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.every((o) => o.status === 'confirmed')).toBe(true);

    const customer = await allPages(db.pool, { customerId: 'cust-1', limit: 3 });
    expect(customer.flat().map((o) => o.id)).toEqual(everything.filter((o) => o.customerId === 'cust-1').map((o) => o.id));

    const from = at(20);
    const to = at(50);
    const window = await allPages(db.pool, { createdFrom: from, createdTo: to, limit: 4 });
    expect(window.flat().map((o) => o.id)).toEqual(everything.filter((o) => o.createdAt >= from && o.createdAt <= to).map((o) => o.id));
    expect(window.flat().length).toBeGreaterThan(0);

    const combined = (await listOrders(db.pool, { customerId: 'cust-0', status: 'pending', createdFrom: new Date(at(0)), limit: 100 })).items;
    expect(combined.map((o) => o.id)).toEqual(everything.filter((o) => o.customerId === 'cust-0' && o.status === 'pending').map((o) => o.id));
    expect((await listOrders(db.pool, { customerId: 'nobody' })).items).toEqual([]);
  });

  it('keeps paging stable when newer orders arrive between pages', async () => {
    const page1 = await listOrders(db.pool, { limit: 5 });
    const later = new EventLog();
    place(later, { placedAt: at(10_000) });
    await new Projector(() => db.pool).feed(later.all);
    const rest = await allPages(db.pool, { limit: 5, cursor: page1.nextCursor ?? undefined });
    expect([...page1.items, ...rest.flat()].map((o) => o.id)).toEqual(everything.map((o) => o.id));
  });

  it('refuses a malformed cursor and other bad parameters with per-field errors', async () => {
    const valid = encodeCursor({ createdAt: '2026-03-01T10:00:00.000000Z', id: newId() });
    expect(decodeCursor(valid).createdAt).toBe('2026-03-01T10:00:00.000000Z');
    for (const cursor of ['', 'not a cursor!', 'abc', valid.slice(0, -3), Buffer.from('2026-03-01T10:00:00.000000Z|nope').toString('base64url'), 'x'.repeat(5000)]) {
      expect(await validationFields(listOrders(db.pool, { cursor }))).toEqual(['cursor']);
    }
    expect(await validationFields(listOrders(db.pool, { limit: 0 }))).toEqual(['limit']);
    expect(await validationFields(listOrders(db.pool, { limit: 101 }))).toEqual(['limit']);
    expect(await validationFields(listOrders(db.pool, { limit: 2.5 }))).toEqual(['limit']);
    expect(await validationFields(listOrders(db.pool, { limit: 'ten' }))).toEqual(['limit']);
    expect(await validationFields(listOrders(db.pool, { status: 'shipped' }))).toEqual(['status']);
    expect(await validationFields(listOrders(db.pool, { createdFrom: 'yesterday', createdTo: '2026-13-45' }))).toEqual(['createdFrom', 'createdTo']);
    expect((await listOrders(db.pool, { limit: '3' })).items).toHaveLength(3);
  });
});
