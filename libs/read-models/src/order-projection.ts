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

const orderRecordset = `jsonb_to_recordset($1::jsonb) AS r(
  id uuid, order_number text, customer_id text, currency text, status text, lines jsonb, totals jsonb, modules jsonb,
  module_revisions jsonb, holds jsonb, cancellation jsonb, created_at timestamptz, updated_at timestamptz, version integer, position bigint)`;

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

function rowOfRecord({ view, moduleRevisions, position }: OrderRecord): Record<keyof OrderRow, unknown> {
  return {
    id: view.id,
    order_number: view.orderNumber,
    customer_id: view.customerId,
    currency: view.currency,
    status: view.status,
    lines: view.lines,
    totals: view.totals,
    modules: view.modules,
    module_revisions: moduleRevisions,
    holds: view.holds,
    cancellation: view.cancellation ?? null,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
    version: view.version,
    position: position.toString(),
  };
}

/**
 * rm_orders: one row per order, the CONTRACT §2 view. The batch's orders are read (and locked)
 * at once, evolved in memory in global order, and written back at once. Idempotent: an event
 * already applied (by stream revision or global position) leaves its row as it is.
 */
export async function projectOrders(db: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  const relevant = events.filter((event) => changesOrderView(event.type) && isUuid(orderIdOf(event)));
  if (relevant.length === 0) return;
  const ids = [...new Set(relevant.map((event) => orderIdOf(event) as string))];
  const { rows } = await db.query<OrderRow>(`SELECT ${orderColumns} FROM rm_orders WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]);
  const records = new Map<string, OrderRecord | undefined>(rows.map((row) => [row.id, recordOfRow(row)]));
  const changed = new Set<string>();
  for (const event of relevant) {
    const id = orderIdOf(event) as string;
    const current = records.get(id);
    const next = evolveOrderRecord(current, event);
    if (next === undefined || next === current) continue;
    records.set(id, next);
    changed.add(id);
  }
  if (changed.size === 0) return;
  const written = [...changed].map((id) => rowOfRecord(records.get(id) as OrderRecord));
  await db.query(
    `INSERT INTO rm_orders (${orderColumns})
     SELECT ${orderColumns} FROM ${orderRecordset}
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status, lines = EXCLUDED.lines, totals = EXCLUDED.totals, modules = EXCLUDED.modules,
       module_revisions = EXCLUDED.module_revisions, holds = EXCLUDED.holds, cancellation = EXCLUDED.cancellation,
       updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, position = EXCLUDED.position
     WHERE rm_orders.position < EXCLUDED.position`,
    [JSON.stringify(written)],
  );
}

/** One event: a batch of one. */
export function applyToOrders(db: Queryable, event: RecordedEvent): Promise<void> {
  return projectOrders(db, [event]);
}
