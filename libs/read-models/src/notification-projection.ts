import { isUuid, type NotificationSent, type RecordedEvent } from '@oms/contracts';
import type { Queryable } from './db';
import { eventTime } from './event-time';

/** rm_notifications: one row per NotificationSent; the notification id makes a replay a no-op. */
export async function projectNotifications(db: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    if (event.type !== 'NotificationSent') continue;
    const data = event.data as NotificationSent;
    if (!isUuid(data.orderId) || typeof data.notificationId !== 'string' || rows.has(data.notificationId)) continue;
    rows.set(data.notificationId, {
      notification_id: data.notificationId,
      order_id: data.orderId,
      kind: data.kind,
      channel: data.channel,
      recipient: data.recipient,
      subject: data.subject,
      sent_at: eventTime(event),
      position: event.position.toString(),
    });
  }
  if (rows.size === 0) return;
  await db.query(
    `INSERT INTO rm_notifications (notification_id, order_id, kind, channel, recipient, subject, sent_at, position)
     SELECT notification_id, order_id, kind, channel, recipient, subject, sent_at, position
     FROM jsonb_to_recordset($1::jsonb) AS r(notification_id text, order_id uuid, kind text, channel text, recipient text, subject text, sent_at timestamptz, position bigint)
     ON CONFLICT (notification_id) DO NOTHING`,
    [JSON.stringify([...rows.values()])],
  );
}

export function applyToNotifications(db: Queryable, event: RecordedEvent): Promise<void> {
  return projectNotifications(db, [event]);
}
