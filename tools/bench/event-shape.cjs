// The one event shape both event stores and the plain-INSERT ceiling write: an OrderPlaced-like
// payload of ~300 B of JSON and metadata of ~150 B that satisfies the contract (CONTRACT §4).
'use strict';
const { randomUUID } = require('node:crypto');

let counter = 0;

function eventData(orderId, n) {
  const num = String(n % 1_000_000).padStart(6, '0');
  return {
    orderId,
    orderNumber: `ORD-2026-${num}`,
    customerId: `customer-${num}`,
    currency: 'EUR',
    lines: [{ lineId: `l-${num}`, sku: `BOOK-${num}`, productType: 'physical', description: 'Paperback, 2nd edition', quantity: 2, unitPrice: 1250 }],
    placedAt: '2026-11-22T21:00:00.000Z',
  };
}

function eventMetadata(orderId, n) {
  const short = (n >>> 0).toString(16).padStart(8, '0');
  return {
    orderId,
    correlationId: `r-${short}`,
    causationId: `r-${short}`,
    actor: { type: 'user', id: 'dev-client' },
    occurredAt: '2026-11-22T21:00:00.000Z',
    schemaVersion: 1,
  };
}

/** A new event in the port's shape (eventId chosen by the writer). */
function newEvent() {
  const n = counter++;
  const orderId = randomUUID();
  return { eventId: randomUUID(), type: 'OrderPlaced', data: eventData(orderId, n), metadata: eventMetadata(orderId, n) };
}

/** The same event in Emmett's shape (Emmett chooses the message id). */
function emmettEvent() {
  const { type, data, metadata } = newEvent();
  return { type, data, metadata };
}

function sizes() {
  const e = newEvent();
  return { dataBytes: Buffer.byteLength(JSON.stringify(e.data)), metadataBytes: Buffer.byteLength(JSON.stringify(e.metadata)) };
}

/**
 * SQL expressions building the same shape from a row number `g` and a uuid expression, for the
 * bulk loads of the catch-up figure (1M rows in a few INSERT … SELECT statements).
 */
function sqlShape(g, orderIdExpr) {
  const num = `lpad((${g} % 1000000)::text, 6, '0')`;
  const data = `jsonb_build_object('orderId', ${orderIdExpr}, 'orderNumber', 'ORD-2026-' || ${num}, 'customerId', 'customer-' || ${num},
      'currency', 'EUR', 'lines', jsonb_build_array(jsonb_build_object('lineId', 'l-' || ${num}, 'sku', 'BOOK-' || ${num},
      'productType', 'physical', 'description', 'Paperback, 2nd edition', 'quantity', 2, 'unitPrice', 1250)),
      'placedAt', '2026-11-22T21:00:00.000Z')`;
  const metadata = `jsonb_build_object('orderId', ${orderIdExpr}, 'correlationId', 'r-' || lpad(to_hex(${g}), 8, '0'),
      'causationId', 'r-' || lpad(to_hex(${g}), 8, '0'), 'actor', jsonb_build_object('type', 'user', 'id', 'dev-client'),
      'occurredAt', '2026-11-22T21:00:00.000Z', 'schemaVersion', 1)`;
  return { data, metadata };
}

module.exports = { newEvent, emmettEvent, sizes, sqlShape };
