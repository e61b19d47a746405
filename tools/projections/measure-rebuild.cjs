// Measures `projections:rebuild` on a synthetic log: `node tools/projections/measure-rebuild.cjs
// [--orders 10000] [--batch 2000]` loads that many order lifecycles (~20 events each, every module
// and ending: completed, cancelled with compensation, held, edited) into a scratch database,
// lets nothing project them, then rebuilds the read models from position 0 and reports events/s.
// Uses DATABASE_URL's server when set (creating and dropping its own database), else an embedded one.
'use strict';
const { randomUUID } = require('node:crypto');
const { libraries } = require('../audit/connection.cjs');
const { progressLine, formatCount } = require('./progress.cjs');
const { openScratchDatabase } = require('../postgres/scratch-database.cjs');

const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const orders = option('--orders', 10_000);
const batchSize = option('--batch', 2_000);

const now = () => new Date().toISOString();

/** One order's streams, each with its events in order (see the rebuild spec's orderLife). */
function lifecycle(n) {
  const orderId = randomUUID();
  const correlationId = randomUUID();
  const streams = new Map();
  const add = (kind, type, data, actor = { type: 'service', id: kind, role: 'service' }) => {
    const streamId = `${kind}-${orderId}`;
    const event = {
      eventId: randomUUID(),
      type,
      data: { orderId, ...data },
      metadata: { orderId, correlationId, causationId: randomUUID(), actor, occurredAt: now(), schemaVersion: type === 'OrderCancelled' ? 2 : 1 },
    };
    streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
  };
  const client = { type: 'user', id: 'dev-client', role: 'client' };
  const physical = { lineId: randomUUID(), sku: 'BOOK-1', productType: 'physical', description: 'Paperback', quantity: 2, unitPrice: 1250 };
  const travel = { lineId: randomUUID(), sku: 'TRIP-1', productType: 'travel', description: 'Lisbon', quantity: 1, unitPrice: 30000 };
  add('order', 'OrderPlaced', { orderNumber: `ORD-2026-${String(n).padStart(7, '0')}`, customerId: `c-${n % 997}`, currency: 'EUR', lines: [physical], placedAt: now() }, client);
  add('order', 'OrderLineAdded', { line: travel, at: now() }, client);
  if (n % 4 === 3) {
    add('order', 'OrderLineQuantityChanged', { lineId: physical.lineId, quantity: 3, at: now() }, client);
    add('order', 'OrderHoldPlaced', { holdId: randomUUID(), type: 'MANUAL_REVIEW', reason: 'check', placedAt: now() }, client);
    return streams;
  }
  const totals = { subtotal: 32500, tax: 0, discount: 0, total: 32500 };
  add('order', 'OrderConfirmed', { orderNumber: `ORD-2026-${n}`, customerId: 'c', paymentId: `p-${n}`, amount: 32500, currency: 'EUR', lines: [physical, travel], totals, confirmedAt: now() }, client);
  add('invoice', 'InvoiceIssued', { invoiceId: `i-${orderId}`, amount: 32500, currency: 'EUR', issuedAt: now() });
  add('invoice', 'InvoicePaid', { invoiceId: `i-${orderId}`, paymentId: `p-${n}`, amount: 32500, currency: 'EUR', paidAt: now() });
  add('shipment', 'ShipmentCreated', { shipmentId: `s-${orderId}`, lines: [{ lineId: physical.lineId, sku: 'BOOK-1', quantity: 2 }], createdAt: now() });
  add('booking', 'BookingReserved', { bookingId: `b-${orderId}`, lines: [], reservedAt: now() });
  add('notification', 'NotificationSent', { notificationId: randomUUID(), kind: 'order_confirmed', channel: 'log', recipient: 'c', subject: 'Thanks', sentAt: now() });
  add('order', 'OrderFulfillmentStarted', { at: now() });
  if (n % 4 === 2) {
    add('order', 'OrderCancelled', { reason: 'CUSTOMER_REQUEST', note: 'changed my mind', previousStatus: 'fulfilling', requestedAt: now(), cancelledAt: now() }, client);
    add('invoice', 'InvoiceRefunded', { invoiceId: `i-${orderId}`, amount: 32500, currency: 'EUR', reason: 'CUSTOMER_REQUEST', refundedAt: now() });
    add('shipment', 'ShipmentCancelled', { shipmentId: `s-${orderId}`, reason: 'CUSTOMER_REQUEST', at: now() });
    add('booking', 'BookingCancelled', { bookingId: `b-${orderId}`, reason: 'CUSTOMER_REQUEST', at: now() });
    return streams;
  }
  for (const type of ['ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped', 'ShipmentDelivered']) add('shipment', type, { shipmentId: `s-${orderId}`, at: now() });
  add('booking', 'BookingConfirmed', { bookingId: `b-${orderId}`, at: now() });
  add('booking', 'BookingTravelled', { bookingId: `b-${orderId}`, at: now() });
  add('order', 'OrderCompleted', { at: now() });
  add('notification', 'NotificationSent', { notificationId: randomUUID(), kind: 'order_completed', channel: 'log', recipient: 'c', subject: 'Done', sentAt: now() });
  return streams;
}

async function main() {
  const libs = await libraries();
  const { Pool } = require('pg');
  const scratch = await openScratchDatabase('rebuild_measure');
  const pool = new Pool({ connectionString: scratch.url, max: 8 });
  pool.on('error', () => undefined);
  try {
    const store = await libs.eventStore.createEventStore({ kind: 'postgres', pool });
    const load = progressLine();
    let events = 0;
    const perCall = 25; // orders per appendMany: one transaction each
    for (let n = 0; n < orders; n += perCall) {
      const appends = [];
      for (let k = n; k < Math.min(n + perCall, orders); k++) for (const [streamId, list] of lifecycle(k)) appends.push({ streamId, events: list, expected: 'no_stream' });
      await store.appendMany(appends);
      events += appends.reduce((sum, append) => sum + append.events.length, 0);
      load.update(n + perCall, orders, 'loading orders');
    }
    load.finish(`loaded ${formatCount(orders)} orders, ${formatCount(events)} events`);
    // A log in production is old: its pages are vacuumed, hint bits set. Without this, the first
    // read of freshly loaded rows pays for setting them (with checksums, WAL too) and is measured instead.
    await pool.query('VACUUM (ANALYZE) es_events');

    const progress = progressLine();
    const report = await libs.readModels.rebuildReadModels({
      pool,
      store,
      batchSize,
      onProgress: (p) => progress.update(p.events, p.total, p.phase.padEnd(9)),
    });
    progress.finish();
    const { rows } = await pool.query('SELECT (SELECT count(*) FROM rm_orders)::int AS orders, (SELECT count(*) FROM rm_timeline)::int AS timeline, (SELECT count(*) FROM rm_notifications)::int AS notifications');
    console.log(
      `rebuilt ${formatCount(report.events)} events in ${(report.durationMs / 1000).toFixed(1)} s: ${formatCount(report.eventsPerSecond)} events/s ` +
        `(batch ${batchSize}); rm_orders ${formatCount(rows[0].orders)}, rm_timeline ${formatCount(rows[0].timeline)}, rm_notifications ${formatCount(rows[0].notifications)}`,
    );
    await store.close();
  } finally {
    await pool.end();
    await scratch.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
