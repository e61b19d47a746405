import { newId } from '@oms/contracts';
import type { OrderView } from '@oms/read-models';

/** An order view as the ordering service would answer it. */
export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  const at = '2026-03-01T10:00:00.000Z';
  return {
    id: newId(),
    orderNumber: 'ORD-2026-000042',
    customerId: 'cust-1',
    currency: 'EUR',
    status: 'pending',
    lines: [],
    totals: { subtotal: 0, tax: 0, discount: 0, total: 0 },
    modules: {},
    holds: [],
    createdAt: at,
    updatedAt: at,
    version: 0,
    ...overrides,
  };
}
