import { derivedId, type NotificationKind, type OrderCancelled, type OrderConfirmed, type OrderLine, type RecordedEvent } from '@oms/contracts';
import type { Order } from '@oms/ordering-domain';

/** The order events that notify the customer, one message per order and kind (CONTRACT §3). */
export const notifyingEvents = {
  OrderConfirmed: 'order_confirmed',
  OrderCompleted: 'order_completed',
  OrderCancelled: 'order_cancelled',
} as const satisfies Record<string, NotificationKind>;

export type NotifyingEventType = keyof typeof notifyingEvents;

export function kindOf(eventType: string): NotificationKind | undefined {
  return Object.hasOwn(notifyingEvents, eventType) ? notifyingEvents[eventType as NotifyingEventType] : undefined;
}

/**
 * The dedupe key: one notification per (order, kind), whatever event and however many
 * deliveries of it led here. It is also the id of the NotificationSent event.
 */
export function notificationIdFor(orderId: string, kind: NotificationKind): string {
  return derivedId(orderId, kind);
}

/**
 * The contract has no e-mail address: customers are known by `customerId` only. Until a
 * customer directory exists, the recipient is a placeholder under `.invalid`, a top-level
 * domain reserved never to resolve (RFC 2606, RFC 6761), so that no message can reach a real
 * person by accident; an SMTP server for tests or a relay that rewrites recipients sees which
 * customer each message is for. Replace this function when real addresses exist.
 */
export const RECIPIENT_DOMAIN = 'customers.invalid';

export function recipientFor(customerId: string): string {
  const local = /^[A-Za-z0-9._-]{1,64}$/.test(customerId) && !customerId.startsWith('.') && !customerId.endsWith('.') && !customerId.includes('..')
    ? customerId
    : `customer-${derivedId('customer', customerId)}`;
  return `${local}@${RECIPIENT_DOMAIN}`;
}

export interface Attachment {
  filename: string;
  content: string;
}

/** What is to be sent: recorded before sending, so a redelivery finds it and sends nothing new. */
export interface NotificationIntent {
  notificationId: string;
  orderId: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  body: string;
  attachments: Attachment[];
  /** The order event that asked for it (metadata of NotificationSent). */
  causationId: string;
  correlationId: string;
}

/** Minor units to text, with the currency's own number of decimals (JPY 0, EUR 2, KWD 3). */
export function formatMoney(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

function invoiceText(confirmed: OrderConfirmed): string {
  const money = (amount: number) => formatMoney(amount, confirmed.currency);
  const lines = confirmed.lines.map((line: OrderLine) => `${line.quantity} × ${line.description || line.sku} (${line.sku}) at ${money(line.unitPrice)} = ${money(line.quantity * line.unitPrice)}`);
  const { subtotal, tax, discount, total } = confirmed.totals;
  return [
    `Invoice for order ${confirmed.orderNumber}`,
    '',
    ...lines,
    '',
    `Subtotal: ${money(subtotal)}`,
    `Tax: ${money(tax)}`,
    `Discount: ${money(discount)}`,
    `Total: ${money(total)}`,
    `Paid: ${money(confirmed.amount)} (payment ${confirmed.paymentId})`,
    '',
  ].join('\n');
}

const cancellationReasons: Record<string, string> = {
  CUSTOMER_REQUEST: 'as you asked',
  DUPLICATE_ORDER: 'because it duplicated another order',
  FRAUD_RISK: 'for security reasons',
  SALES_ERROR: 'because of an error on our side',
  OTHER: 'by our team',
  BOOKING_FAILED: 'because the travel supplier could not confirm your booking',
  PAYMENT_TIMEOUT: 'because we did not receive your payment in time',
};

const paidStatuses: readonly string[] = ['confirmed', 'fulfilling'];

interface Message {
  subject: string;
  body: string;
  attachments: Attachment[];
}

function messageFor(event: RecordedEvent, order: Order): Message {
  const number = order.orderNumber;
  switch (event.type) {
    case 'OrderConfirmed': {
      const confirmed = event.data as OrderConfirmed;
      const physical = confirmed.lines.some((line) => line.productType === 'physical');
      const travel = confirmed.lines.some((line) => line.productType === 'travel');
      const body = [
        'Hello,',
        '',
        `thank you for your order ${number}. We have received your payment of ${formatMoney(confirmed.amount, confirmed.currency)}; your invoice is attached.`,
        ...(physical ? ['Your parcel is being prepared and will be shipped soon.'] : []),
        ...(travel ? ['Your trip is reserved; we will let you know once the supplier confirms it.'] : []),
        '',
      ].join('\n');
      return { subject: `Order ${number} confirmed`, body, attachments: [{ filename: `invoice-${number}.txt`, content: invoiceText(confirmed) }] };
    }
    case 'OrderCompleted':
      return { subject: `Order ${number} completed`, body: ['Hello,', '', `your order ${number} is complete. Thank you for shopping with us.`, ''].join('\n'), attachments: [] };
    default: {
      const cancelled = event.data as OrderCancelled;
      const refund = paidStatuses.includes(cancelled.previousStatus) && order.payment
        ? [`The ${formatMoney(order.payment.amount, order.payment.currency)} you paid will be refunded.`]
        : [];
      const reason = cancellationReasons[cancelled.reason] ?? '';
      return {
        subject: `Order ${number} cancelled`,
        body: ['Hello,', '', `your order ${number} has been cancelled${reason ? ` ${reason}` : ''}.`, ...refund, ''].join('\n'),
        attachments: [],
      };
    }
  }
}

/**
 * The notification an order event asks for, given the order as it stood at that event (from
 * its own stream); undefined for any other event. Deterministic: the same event gives the same
 * intent, with the same id.
 */
export function notificationFor(event: RecordedEvent, order: Order): NotificationIntent | undefined {
  const kind = kindOf(event.type);
  if (!kind || !order.id) return undefined;
  return {
    notificationId: notificationIdFor(order.id, kind),
    orderId: order.id,
    kind,
    recipient: recipientFor(order.customerId),
    ...messageFor(event, order),
    causationId: event.eventId,
    correlationId: event.metadata.correlationId,
  };
}
