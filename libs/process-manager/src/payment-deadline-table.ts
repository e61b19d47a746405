import type { Pool, PoolClient } from 'pg';
import type { PaymentDeadline } from '@oms/process-manager-domain';
import { createTablesUnderLock } from '@oms/platform';

type Queryable = Pick<Pool | PoolClient, 'query'>;

// The process manager's own table: the payment deadline of every placed order, kept in
// PostgreSQL (never only in memory) so that a restart, or another instance, still fires it.
const createTable = `
CREATE TABLE IF NOT EXISTS pm_payment_deadlines (
  order_id        uuid        PRIMARY KEY,
  due_at          timestamptz NOT NULL,
  state           text        NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'done')),
  placed_event_id uuid        NOT NULL,
  correlation_id  text        NOT NULL,
  -- A timer that took the row sends the cancellation before this; after it, the row is free again.
  claimed_until   timestamptz,
  attempts        integer     NOT NULL DEFAULT 0,
  outcome         text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS pm_payment_deadlines_due ON pm_payment_deadlines (due_at) WHERE state = 'scheduled';
`;

/** Idempotent, and safe when instances start together: they serialize on an advisory lock. */
export function migratePaymentDeadlines(pool: Pool): Promise<void> {
  return createTablesUnderLock(pool, 'pm_payment_deadlines', createTable);
}

export interface ScheduledDeadline {
  orderId: string;
  dueAt: string;
  placedEventId: string;
  correlationId: string;
}

/** On OrderPlaced. A redelivered placement changes nothing, also not a deadline already done. */
export async function schedule(db: Queryable, deadline: PaymentDeadline, correlationId: string): Promise<void> {
  await db.query(
    `INSERT INTO pm_payment_deadlines (order_id, due_at, placed_event_id, correlation_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
    [deadline.orderId, deadline.dueAt, deadline.placedEventId, correlationId],
  );
}

/** On OrderConfirmed or OrderCancelled: the order is no longer waiting for its payment. */
export async function settle(db: Queryable, orderId: string, outcome: string): Promise<void> {
  await db.query(
    `UPDATE pm_payment_deadlines SET state = 'done', outcome = $2, claimed_until = NULL, updated_at = now()
     WHERE order_id = $1 AND state = 'scheduled'`,
    [orderId, outcome],
  );
}

/**
 * Takes up to `limit` deadlines that are due and not taken by a live claim, for `leaseMs`. One
 * short statement (FOR UPDATE SKIP LOCKED: instances never take the same row), then the lock is
 * gone: the commands are sent outside any transaction, because an open writing transaction holds
 * back the event store's read fence (docs/adr/0002) for every subscriber while it lasts. A timer
 * that dies after claiming leaves the row to be taken again when the lease runs out; the
 * command it sends is idempotent, so sending it twice is harmless.
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number): Promise<{ now: string; due: ScheduledDeadline[] }> {
  const { rows } = await db.query<{ order_id: string; due_at: Date; placed_event_id: string; correlation_id: string; now: Date }>(
    `UPDATE pm_payment_deadlines d
        SET claimed_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1, updated_at = now()
      WHERE d.order_id IN (
        SELECT order_id FROM pm_payment_deadlines
         WHERE state = 'scheduled' AND due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY due_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING d.order_id, d.due_at, d.placed_event_id, d.correlation_id, now() AS now`,
    [limit, leaseMs],
  );
  const now = rows[0]?.now.toISOString() ?? new Date().toISOString();
  return {
    now,
    due: rows.map((row) => ({ orderId: row.order_id, dueAt: row.due_at.toISOString(), placedEventId: row.placed_event_id, correlationId: row.correlation_id })),
  };
}

/** Puts a claimed deadline back to be tried again after `delayMs` (the ordering service was unreachable). */
export async function retryLater(db: Queryable, orderId: string, delayMs: number): Promise<void> {
  await db.query(`UPDATE pm_payment_deadlines SET claimed_until = now() + $2 * interval '1 millisecond', updated_at = now() WHERE order_id = $1`, [orderId, delayMs]);
}
