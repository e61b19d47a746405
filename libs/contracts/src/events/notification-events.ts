export const notificationKinds = ['order_confirmed', 'order_completed', 'order_cancelled'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NotificationSent {
  orderId: string;
  notificationId: string;
  kind: NotificationKind;
  channel: 'email' | 'log';
  recipient: string;
  subject: string;
  body: string;
  sentAt: string;
}

export interface NotificationEventDataMap {
  NotificationSent: NotificationSent;
}
