import { isUuid, type ModuleName, type RecordedEvent } from '@oms/contracts';
import type { Queryable } from './db';
import { orderIdOf } from './event-time';
import { changesOrderView, evolveOrderRecord, type OrderRecord, type OrderView } from './order-view';

/** Columns of rm_orders as pg returns them. */
export interface OrderRow {
  id: string;
  order_number: string;
  customer_id: string;
  currency: string;
  status: OrderView['status'];
  lines: OrderView['lines'];
  totals: OrderView['totals'];
  modules: OrderView['modules'];
  module_revisions: Partial<Record<ModuleName, number>>;
  holds: OrderView['holds'];
  cancellation: OrderView['cancellation'] | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  position: string;
}

export const orderColumns =
  'id, order_number, customer_id, currency, status, lines, totals, modules, module_revisions, holds, cancellation, created_at, updated_at, version, position';

export function orderViewOfRow(row: OrderRow): OrderView {
  return {
    id: row.id,
    orderNumber: row.order_number,
    customerId: row.customer_id,
    currency: row.currency,
    status: row.status,
    lines: row.lines,
    totals: row.totals,
    modules: row.modules,
    holds: row.holds,
    ...(row.cancellation ? { cancellation: row.cancellation } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

function recordOfRow(row: OrderRow): OrderRecord {
  return { view: orderViewOfRow(row), moduleRevisions: row.module_revisions, position: BigInt(row.position) };
}

async function loadForUpdate(db: Queryable, orderId: string): Promise<OrderRecord | undefined> {
  const { rows } = await db.query<OrderRow>(`SELECT ${orderColumns} FROM rm_orders WHERE id = $1 FOR UPDATE`, [orderId]);
  return rows[0] ? recordOfRow(rows[0]) : undefined;
}

async function save(db: Queryable, record: OrderRecord): Promise<void> {
  const { view } = record;
  await db.query(
    `INSERT INTO rm_orders (${orderColumns})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status, lines = EXCLUDED.lines, totals = EXCLUDED.totals, modules = EXCLUDED.modules,
       module_revisions = EXCLUDED.module_revisions, holds = EXCLUDED.holds, cancellation = EXCLUDED.cancellation,
       updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, position = EXCLUDED.position
     WHERE rm_orders.position < EXCLUDED.position`,
    [
      view.id,
      view.orderNumber,
      view.customerId,
      view.currency,
      view.status,
      JSON.stringify(view.lines),
      JSON.stringify(view.totals),
      JSON.stringify(view.modules),
      JSON.stringify(record.moduleRevisions),
      JSON.stringify(view.holds),
      view.cancellation ? JSON.stringify(view.cancellation) : null,
      view.createdAt,
      view.updatedAt,
      view.version,
      record.position.toString(),
    ],
  );
}

/**
 * rm_orders: one row per order, the CONTRACT §2 view. Idempotent: an event already applied
 * (by stream revision or global position) leaves the row as it is. Call inside the batch's
 * transaction; the row is locked while it is evolved.
 */
export async function applyToOrders(db: Queryable, event: RecordedEvent): Promise<void> {
  if (!changesOrderView(event.type)) return;
  const orderId = orderIdOf(event);
  if (!isUuid(orderId)) return;
  const current = await loadForUpdate(db, orderId);
  const next = evolveOrderRecord(current, event);
  if (next === undefined || next === current) return;
  await save(db, next);
}
