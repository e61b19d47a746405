import { randomUUID } from 'node:crypto';
import { eventTypesByModule, streams, type EventMetadata, type NewEvent } from '@oms/contracts';
import type { EventStore, StreamAppend } from '@oms/event-store';

/** One event as the test appended it, with the position the store gave it. */
export interface AppendedEvent {
  streamId: string;
  event: NewEvent;
  position: bigint;
  /** False for a service's internal stream: it must never reach Kafka. */
  published: boolean;
}

interface Step {
  streamId: string;
  event: NewEvent;
  published: boolean;
}

const at = () => new Date().toISOString();

/**
 * The life of one order as events on all its streams, in the order the platform would write
 * them. `variant` picks one of three endings so that every type of the catalogue occurs.
 */
function orderStory(orderId: string, variant: number): Step[] {
  const correlationId = randomUUID();
  let cause = correlationId;
  const steps: Step[] = [];
  const add = (streamId: string, type: string, data: Record<string, unknown>, published = true) => {
    const eventId = randomUUID();
    const metadata: EventMetadata = {
      orderId,
      correlationId,
      causationId: cause,
      actor: { type: 'service', id: 'kafka-relay-spec', role: 'service' },
      occurredAt: at(),
      schemaVersion: 1,
    };
    steps.push({ streamId, published, event: { eventId, type, data: { orderId, ...data }, metadata } });
    cause = eventId;
  };
  const order = streams.order(orderId);
  const line = { lineId: randomUUID(), sku: 'SKU-1', productType: 'physical', description: 'a thing', quantity: 1, unitPrice: 1250 };
  add(`ordering-intent-${orderId}`, 'OrderIntentClaimed', { sourceSystem: 'spec', orderIntentId: orderId }, false);
  add(order, 'OrderPlaced', { orderNumber: `ORD-2026-${orderId.slice(0, 6)}`, customerId: 'c-1', currency: 'EUR', lines: [], placedAt: at() });
  add(order, 'OrderLineAdded', { line, at: at() });
  add(order, 'OrderLineQuantityChanged', { lineId: line.lineId, quantity: 2, at: at() });
  if (variant === 0) {
    add(order, 'OrderLineAdded', { line: { ...line, lineId: 'l2' }, at: at() });
    add(order, 'OrderLineRemoved', { lineId: 'l2', at: at() });
  }
  add(order, 'OrderHoldPlaced', { holdId: 'h1', type: 'MANUAL_REVIEW', reason: 'spec', placedAt: at() });
  add(order, 'OrderHoldReleased', { holdId: 'h1', reason: 'ok', releasedAt: at() });
  add(order, 'OrderConfirmed', { orderNumber: 'n', customerId: 'c-1', paymentId: 'p', amount: 2500, currency: 'EUR', lines: [line], totals: { subtotal: 2500, tax: 0, discount: 0, total: 2500 }, confirmedAt: at() });
  add(streams.notification(orderId), 'NotificationSent', { notificationId: randomUUID(), kind: 'order_confirmed', channel: 'log', recipient: 'c-1', subject: 's', body: 'b', sentAt: at() });
  const invoice = streams.invoice(orderId);
  add(invoice, 'InvoiceIssued', { invoiceId: 'i1', amount: 2500, currency: 'EUR', issuedAt: at() });
  add(invoice, 'InvoicePaid', { invoiceId: 'i1', paymentId: 'p', amount: 2500, currency: 'EUR', paidAt: at() });
  add(order, 'OrderModuleStateRecorded', { module: 'finance', state: 'paid', sourceEventId: cause, at: at() });
  add(order, 'OrderFulfillmentStarted', { at: at() });
  const shipment = streams.shipment(orderId);
  const booking = streams.booking(orderId);
  add(shipment, 'ShipmentCreated', { shipmentId: 's1', lines: [{ lineId: line.lineId, sku: 'SKU-1', quantity: 2 }], createdAt: at() });
  add(booking, 'BookingReserved', { bookingId: 'b1', lines: [], reservedAt: at() });
  add(shipment, 'ShipmentPicked', { shipmentId: 's1', at: at() });
  if (variant === 2) {
    // Supplier veto: the order is cancelled and every module undoes its part.
    add(booking, 'BookingFailed', { bookingId: 'b1', reason: 'no seats', at: at() });
    add(order, 'OrderCancelled', { reason: 'BOOKING_FAILED', previousStatus: 'fulfilling', requestedAt: at(), cancelledAt: at() });
    add(invoice, 'InvoiceRefunded', { invoiceId: 'i1', amount: 2500, currency: 'EUR', reason: 'BOOKING_FAILED', refundedAt: at() });
    add(shipment, 'ShipmentCancelled', { shipmentId: 's1', reason: 'BOOKING_FAILED', at: at() });
    add(booking, 'BookingCancelled', { bookingId: 'b1', reason: 'BOOKING_FAILED', at: at() });
    add(streams.notification(orderId), 'NotificationSent', { notificationId: randomUUID(), kind: 'order_cancelled', channel: 'log', recipient: 'c-1', subject: 's', body: 'b', sentAt: at() });
    return steps;
  }
  add(shipment, 'ShipmentPacked', { shipmentId: 's1', at: at() });
  add(shipment, 'ShipmentShipped', { shipmentId: 's1', at: at() });
  add(booking, 'BookingConfirmed', { bookingId: 'b1', at: at() });
  add(shipment, 'ShipmentDelivered', { shipmentId: 's1', at: at() });
  add(booking, 'BookingTravelled', { bookingId: 'b1', at: at() });
  add(order, 'OrderCompleted', { at: at() });
  add(streams.notification(orderId), 'NotificationSent', { notificationId: randomUUID(), kind: 'order_completed', channel: 'log', recipient: 'c-1', subject: 's', body: 'b', sentAt: at() });
  if (variant === 1) add(shipment, 'ShipmentReturned', { shipmentId: 's1', at: at() });
  return steps;
}

/** Orders whose stories together hold at least `minEvents` events of every module's types. */
export function workload(minEvents: number): Step[][] {
  const stories: Step[][] = [];
  let count = 0;
  for (let index = 0; count < minEvents || index < 3; index++) {
    const story = orderStory(randomUUID(), index % 3);
    stories.push(story);
    count += story.length;
  }
  const types = new Set(stories.flat().map((step) => step.event.type));
  const missing = Object.values(eventTypesByModule)
    .flat()
    .filter((type) => !types.has(type));
  if (missing.length > 0) throw new Error(`workload lacks ${missing.join(', ')}`);
  return stories;
}

/**
 * Appends the stories round by round (step r of every order, then step r + 1), each round in
 * `writers` concurrent multi-stream appends, so commits of many orders interleave in the log
 * as they do under load. Calls `afterRound` between rounds (to stop a broker mid-run, …).
 */
export async function appendWorkload(
  store: EventStore,
  stories: Step[][],
  options: { writers?: number; afterRound?: (round: number, appended: number) => Promise<void> } = {},
): Promise<AppendedEvent[]> {
  const writers = options.writers ?? 4;
  const appended: AppendedEvent[] = [];
  const rounds = Math.max(...stories.map((story) => story.length));
  for (let round = 0; round < rounds; round++) {
    const steps = stories.map((story) => story[round]).filter((step): step is Step => step !== undefined);
    const share = Math.ceil(steps.length / writers);
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const mine = steps.slice(writer * share, (writer + 1) * share);
        if (mine.length === 0) return;
        const appends: StreamAppend[] = mine.map((step) => ({ streamId: step.streamId, events: [step.event] }));
        const results = await store.appendMany(appends);
        mine.forEach((step, index) => appended.push({ ...step, position: results[index].positions[0] }));
      }),
    );
    await options.afterRound?.(round, appended.length);
  }
  return appended.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
