import { DomainError, isUuid, orderStatuses, type FieldError, type OrderStatus } from '@oms/contracts';
import type { Queryable } from './db';
import { decodeCursor, encodeCursor } from './list-cursor';
import { orderColumns, orderViewOfRow, type OrderRow } from './order-projection';
import type { OrderView } from './order-view';
import type { TimelineCategory, TimelineModule, TimelineSeverity } from './timeline-entries';

export const defaultListLimit = 20;
export const maxListLimit = 100;

export interface ListOrdersQuery {
  status?: string;
  customerId?: string;
  /** Inclusive. ISO 8601 time. */
  createdFrom?: string | Date;
  /** Inclusive. ISO 8601 time. */
  createdTo?: string | Date;
  /** 1…100, default 20; a string of digits (a raw query parameter) is read as its number. */
  limit?: number | string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface OrderPage {
  items: OrderView[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** CONTRACT §2 timeline entry. */
export interface TimelineEntry {
  module: TimelineModule;
  statusCode: string;
  category: TimelineCategory;
  severity: TimelineSeverity;
  payload: Record<string, unknown>;
  recordedAt: string;
  closedAt: string | null;
}

export interface NotificationView {
  notificationId: string;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  sentAt: string;
}

/** The order view, or undefined for an unknown (or not yet projected) order. */
export async function getOrder(db: Queryable, id: string): Promise<OrderView | undefined> {
  if (!isUuid(id)) return undefined;
  // Named: clients poll this after every command (planning it cost more than running it). After
  // a rebuild's swap PostgreSQL re-plans it against the new rm_orders (same name, same columns).
  const { rows } = await db.query<OrderRow>({ name: 'oms_order_view', text: `SELECT ${orderColumns} FROM rm_orders WHERE id = $1`, values: [id] });
  return rows[0] ? orderViewOfRow(rows[0]) : undefined;
}

export async function getOrderByNumber(db: Queryable, orderNumber: string): Promise<OrderView | undefined> {
  if (typeof orderNumber !== 'string' || orderNumber.length === 0 || orderNumber.length > 64) return undefined;
  const { rows } = await db.query<OrderRow>(`SELECT ${orderColumns} FROM rm_orders WHERE order_number = $1`, [orderNumber]);
  return rows[0] ? orderViewOfRow(rows[0]) : undefined;
}

interface ListFilter {
  status?: OrderStatus;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

function validTime(value: string | Date | undefined, field: string, errors: FieldError[]): string | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value : typeof value === 'string' && value.length <= 64 ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) {
    errors.push({ field, message: 'must be an ISO 8601 time' });
    return undefined;
  }
  return time.toISOString();
}

function listFilter(query: ListOrdersQuery): ListFilter {
  const errors: FieldError[] = [];
  const limit = typeof query.limit === 'string' && /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : (query.limit ?? defaultListLimit);
  const filter: ListFilter = { limit: typeof limit === 'number' ? limit : NaN };
  if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > maxListLimit) {
    errors.push({ field: 'limit', message: `must be an integer from 1 to ${maxListLimit}` });
  }
  if (query.status !== undefined) {
    if (orderStatuses.includes(query.status as OrderStatus)) filter.status = query.status as OrderStatus;
    else errors.push({ field: 'status', message: `must be one of ${orderStatuses.join(', ')}` });
  }
  if (query.customerId !== undefined) {
    if (typeof query.customerId === 'string' && query.customerId.length > 0 && query.customerId.length <= 200) filter.customerId = query.customerId;
    else errors.push({ field: 'customerId', message: 'must be a customer id' });
  }
  filter.createdFrom = validTime(query.createdFrom, 'createdFrom', errors);
  filter.createdTo = validTime(query.createdTo, 'createdTo', errors);
  if (query.cursor !== undefined) {
    try {
      filter.after = decodeCursor(query.cursor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(...(error.errors ?? []));
    }
  }
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  return filter;
}

/** Newest first (ties on createdAt by id, descending), keyset-paged so pages never overlap or skip. */
export async function listOrders(db: Queryable, query: ListOrdersQuery = {}): Promise<OrderPage> {
  const filter = listFilter(query);
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  if (filter.status) conditions.push(`status = ${param(filter.status)}`);
  if (filter.customerId) conditions.push(`customer_id = ${param(filter.customerId)}`);
  if (filter.createdFrom) conditions.push(`created_at >= ${param(filter.createdFrom)}`);
  if (filter.createdTo) conditions.push(`created_at <= ${param(filter.createdTo)}`);
  if (filter.after) conditions.push(`(created_at, id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
  const { rows } = await db.query<OrderRow & { cursor_time: string }>(
    `SELECT ${orderColumns}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time
     FROM rm_orders ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC
     LIMIT ${param(filter.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(orderViewOfRow),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ createdAt: last.cursor_time, id: last.id }) : null,
  };
}

/** Oldest first; empty for an unknown order. */
export async function getTimeline(db: Queryable, orderId: string): Promise<TimelineEntry[]> {
  if (!isUuid(orderId)) return [];
  const { rows } = await db.query<{
    module: TimelineModule;
    status_code: string;
    category: TimelineCategory;
    severity: TimelineSeverity;
    payload: Record<string, unknown>;
    recorded_at: Date;
    closed_at: Date | null;
  }>(
    `SELECT module, status_code, category, severity, payload, recorded_at, closed_at
     FROM rm_timeline WHERE order_id = $1 ORDER BY seq`,
    [orderId],
  );
  return rows.map((row) => ({
    module: row.module,
    statusCode: row.status_code,
    category: row.category,
    severity: row.severity,
    payload: row.payload,
    recordedAt: row.recorded_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
  }));
}

/** Oldest first; empty for an unknown order. */
export async function getNotifications(db: Queryable, orderId: string): Promise<NotificationView[]> {
  if (!isUuid(orderId)) return [];
  const { rows } = await db.query<{
    notification_id: string;
    kind: string;
    channel: string;
    recipient: string;
    subject: string;
    sent_at: Date;
  }>(
    `SELECT notification_id, kind, channel, recipient, subject, sent_at
     FROM rm_notifications WHERE order_id = $1 ORDER BY sent_at, position`,
    [orderId],
  );
  return rows.map((row) => ({
    notificationId: row.notification_id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    sentAt: row.sent_at.toISOString(),
  }));
}
