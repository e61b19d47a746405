import type { Pool, PoolClient } from 'pg';
import type { Attachment, NotificationIntent } from './notification';
import { createTablesUnderLock } from '@oms/platform';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/**
 * notification_outbox: one row per (order, kind), keyed by the notification id. States:
 *   pending   → to be sent (again, after a refusal, at next_attempt_at)
 *   sending   → claimed by a sender, the SMTP exchange may be under way
 *   sent      → accepted by the mailer, NotificationSent appended
 *   uncertain → the sender died or the connection broke mid-send: it may or may not have gone
 *               out, and it is NOT sent again (at most once); an operator can look
 *   failed    → refused every time; given up
 */
const createTable = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  notification_id uuid        PRIMARY KEY,
  order_id        uuid        NOT NULL,
  kind            text        NOT NULL,
  recipient       text        NOT NULL,
  subject         text        NOT NULL,
  body            text        NOT NULL,
  attachments     jsonb       NOT NULL DEFAULT '[]',
  causation_id    uuid        NOT NULL,
  correlation_id  text        NOT NULL,
  state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'uncertain', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at      timestamptz,
  channel         text,
  sent_at         timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind)
);
CREATE INDEX IF NOT EXISTS notification_outbox_pending ON notification_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS notification_outbox_sending ON notification_outbox (claimed_at) WHERE state = 'sending';
`;

export function migrateOutbox(pool: Pool): Promise<void> {
  return createTablesUnderLock(pool, 'notification_outbox', createTable);
}

/**
 * Records the intent to notify, before anything is sent. The unique key makes a redelivered
 * event (or another event of the same kind for the order) a no-op. Returns whether it is new.
 */
export async function recordIntent(db: Queryable, intent: NotificationIntent): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO notification_outbox (notification_id, order_id, kind, recipient, subject, body, attachments, causation_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT DO NOTHING`,
    [intent.notificationId, intent.orderId, intent.kind, intent.recipient, intent.subject, intent.body, JSON.stringify(intent.attachments), intent.causationId, intent.correlationId],
  );
  return rowCount === 1;
}

export interface OutboxRow extends Omit<NotificationIntent, 'attachments'> {
  attachments: Attachment[];
  attempts: number;
}

interface Row {
  notification_id: string;
  order_id: string;
  kind: OutboxRow['kind'];
  recipient: string;
  subject: string;
  body: string;
  attachments: Attachment[];
  causation_id: string;
  correlation_id: string;
  attempts: number;
}

const toOutboxRow = (row: Row): OutboxRow => ({
  notificationId: row.notification_id,
  orderId: row.order_id,
  kind: row.kind,
  recipient: row.recipient,
  subject: row.subject,
  body: row.body,
  attachments: row.attachments,
  causationId: row.causation_id,
  correlationId: row.correlation_id,
  attempts: row.attempts,
});

/**
 * Moves up to `limit` pending rows to `sending` and returns them. This commits before any
 * message is sent: from here on a crash leaves the row `sending`, never `pending`, so it is
 * never sent a second time by accident.
 */
export async function claimPending(db: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<Row>(
    `UPDATE notification_outbox o SET state = 'sending', claimed_at = now(), attempts = o.attempts + 1
      WHERE o.notification_id IN (
        SELECT notification_id FROM notification_outbox
         WHERE state = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING o.notification_id, o.order_id, o.kind, o.recipient, o.subject, o.body, o.attachments, o.causation_id, o.correlation_id, o.attempts`,
    [limit],
  );
  return rows.map(toOutboxRow);
}

export async function markSent(db: Queryable, notificationId: string, channel: string, sentAt: string): Promise<void> {
  await db.query(`UPDATE notification_outbox SET state = 'sent', channel = $2, sent_at = $3, last_error = NULL WHERE notification_id = $1`, [notificationId, channel, sentAt]);
}

/** Certainly not sent: try again after `delayMs`, or give up. */
export async function markRefused(db: Queryable, notificationId: string, error: string, delayMs: number | undefined): Promise<void> {
  await db.query(
    delayMs === undefined
      ? `UPDATE notification_outbox SET state = 'failed', last_error = $2 WHERE notification_id = $1`
      : `UPDATE notification_outbox SET state = 'pending', last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE notification_id = $1`,
    delayMs === undefined ? [notificationId, error] : [notificationId, error, delayMs],
  );
}

export async function markUncertain(db: Queryable, notificationId: string, error: string): Promise<void> {
  await db.query(`UPDATE notification_outbox SET state = 'uncertain', last_error = $2 WHERE notification_id = $1 AND state = 'sending'`, [notificationId, error]);
}

/** Rows left `sending` longer than a send can take: their sender died mid-send. */
export async function interruptedSends(db: Queryable, olderThanMs: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT notification_id, order_id, kind, recipient, subject, body, attachments, causation_id, correlation_id, attempts
       FROM notification_outbox WHERE state = 'sending' AND claimed_at < now() - $1 * interval '1 millisecond'
      ORDER BY claimed_at LIMIT 100`,
    [olderThanMs],
  );
  return rows.map(toOutboxRow);
}
