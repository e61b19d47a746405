import { isUuid, type NotificationSent, type RecordedEvent } from '@oms/contracts';
import type { Queryable } from './db';
import { eventTime } from './event-time';

/** rm_notifications: one row per NotificationSent; the notification id makes a replay a no-op. */
export async function applyToNotifications(db: Queryable, event: RecordedEvent): Promise<void> {
  if (event.type !== 'NotificationSent') return;
  const data = event.data as NotificationSent;
  if (!isUuid(data.orderId) || typeof data.notificationId !== 'string') return;
  await db.query(
    `INSERT INTO rm_notifications (notification_id, order_id, kind, channel, recipient, subject, sent_at, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (notification_id) DO NOTHING`,
    [data.notificationId, data.orderId, data.kind, data.channel, data.recipient, data.subject, eventTime(event), event.position.toString()],
  );
}
