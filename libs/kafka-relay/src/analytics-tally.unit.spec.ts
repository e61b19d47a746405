import { resolve } from 'node:path';

interface Tally {
  add(event: unknown): boolean;
  snapshot(): { events: number; duplicates: number; malformed: number; orders: Record<string, number>; types: Record<string, Record<string, number>> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createTally } = require(resolve(__dirname, '../../../tools/analytics/tally.cjs')) as { createTally(): Tally };

const event = (id: string, type: string, subject = 'o-1') => ({ specversion: '1.0', id, type, subject, data: {} });

describe('analytics tail tally (tools/analytics/tally.cjs)', () => {
  it('follows each order to its latest state and counts types per module', () => {
    const tally = createTally();
    tally.add(event('1', 'oms.ordering.OrderPlaced.v1'));
    tally.add(event('2', 'oms.ordering.OrderLineAdded.v1'));
    tally.add(event('3', 'oms.ordering.OrderConfirmed.v1'));
    tally.add(event('4', 'oms.finance.InvoiceIssued.v1'));
    tally.add(event('5', 'oms.ordering.OrderPlaced.v1', 'o-2'));
    tally.add(event('6', 'oms.ordering.OrderPlaced.v1', 'o-3'));
    tally.add(event('7', 'oms.ordering.OrderCancelled.v1', 'o-3'));
    expect(tally.snapshot()).toEqual({
      events: 7,
      duplicates: 0,
      malformed: 0,
      orders: { pending: 1, confirmed: 1, fulfilling: 0, completed: 0, cancelled: 1 },
      types: { finance: { 'InvoiceIssued.v1': 1 }, ordering: { 'OrderCancelled.v1': 1, 'OrderConfirmed.v1': 1, 'OrderLineAdded.v1': 1, 'OrderPlaced.v1': 3 } },
    });
  });

  it('drops a redelivered event (same id) and counts it as a duplicate', () => {
    const tally = createTally();
    expect(tally.add(event('1', 'oms.ordering.OrderPlaced.v1'))).toBe(true);
    expect(tally.add(event('2', 'oms.ordering.OrderConfirmed.v1'))).toBe(true);
    // A relay restart resends from its checkpoint: the old OrderPlaced must not move the order back.
    expect(tally.add(event('1', 'oms.ordering.OrderPlaced.v1'))).toBe(false);
    expect(tally.snapshot()).toMatchObject({ events: 2, duplicates: 1, orders: { pending: 0, confirmed: 1 } });
  });

  it('ignores what is not an OMS CloudEvent', () => {
    const tally = createTally();
    expect(tally.add(null)).toBe(false);
    expect(tally.add({ id: 'x', type: 'com.example.Thing' })).toBe(false);
    expect(tally.snapshot()).toMatchObject({ events: 0, malformed: 2 });
  });
});
