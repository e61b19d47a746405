import type { CancellationReason, HoldType, ModuleName, OrderLine, OrderStatus, OrderTotals } from '@oms/contracts';
import { placedOrder } from './decision-context';
import { lineSubtotal, orderTotals } from './money';
import type { Order } from './order';

/** CONTRACT §2 order view. */
export interface OrderView {
  id: string;
  orderNumber: string;
  customerId: string;
  currency: string;
  status: OrderStatus;
  lines: OrderLineView[];
  totals: OrderTotals;
  /** A key only for a module the order has heard from. */
  modules: Partial<Record<ModuleName, { state: string; updatedAt: string }>>;
  /** Active holds only. */
  holds: { holdId: string; type: HoldType; reason: string; placedAt: string }[];
  cancellation?: { reason: CancellationReason; note: string | null; requestedAt: string; cancelledAt: string };
  createdAt: string;
  updatedAt: string;
  /** The order stream's revision; the stream knows it, the state does not. */
  version: number;
}

export interface OrderLineView extends OrderLine {
  subtotal: number;
}

/**
 * The view of an order as its events built it: for command responses (the order as the
 * command left it) and for as-of audit queries (the events up to a time). The caller adds
 * `version`; module `updatedAt` is when the order learnt the state, which a caller holding
 * the module's own row may replace with the module's time.
 */
export function orderView(order: Order): Omit<OrderView, 'version'> {
  const placed = placedOrder(order);
  const modules: OrderView['modules'] = {};
  for (const [module, known] of Object.entries(placed.modules) as [ModuleName, { state: string; updatedAt: string }][]) {
    modules[module] = { state: known.state, updatedAt: known.updatedAt };
  }
  return {
    id: placed.id,
    orderNumber: placed.orderNumber,
    customerId: placed.customerId,
    currency: placed.currency,
    status: placed.status,
    lines: placed.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      productType: line.productType,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: lineSubtotal(line),
    })),
    totals: orderTotals(placed.lines),
    modules,
    holds: placed.holds.map(({ holdId, type, reason, placedAt }) => ({ holdId, type, reason, placedAt })),
    ...(placed.cancellation
      ? {
          cancellation: {
            reason: placed.cancellation.reason,
            note: placed.cancellation.note ?? null,
            requestedAt: placed.cancellation.requestedAt,
            cancelledAt: placed.cancellation.cancelledAt,
          },
        }
      : {}),
    createdAt: placed.createdAt,
    updatedAt: placed.updatedAt,
  };
}
