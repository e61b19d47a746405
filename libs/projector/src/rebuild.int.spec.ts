import { newId, streams, type NewEvent } from '@oms/contracts';
import { migrate, PostgresEventStore } from '@oms/event-store';
import { compareReadModels, loadCheckpoint, READ_MODELS_CHECKPOINT, rebuildReadModels, RETIRED_SCHEMA, type RebuildProgress } from '@oms/read-models';
import { createTestDatabase, eventually, newEvent, OrderEvents, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { ReadModelSubscription, type ProjectionLog } from './read-model-subscription';

const quiet: ProjectionLog = { log: () => undefined, warn: () => undefined, error: () => undefined };
const now = () => new Date().toISOString();

/**
 * One order's life across its streams, as the services would write it; `variant` picks the
 * ending (completed with a shipment and a booking, cancelled with compensation, held and
 * released, a v1 cancellation with a blank note, left pending with line edits).
 */
function orderLife(variant: number): Array<{ streamId: string; event: NewEvent }> {
  const order = new OrderEvents();
  const { orderId } = order;
  const steps: Array<{ streamId: string; event: NewEvent }> = [];
  const add = (streamId: string, event: NewEvent) => steps.push({ streamId, event });
  const on = (streamId: string, type: string, data: object) => add(streamId, newEvent(type, { orderId, ...data }, { correlationId: order.correlationId }));
  const physical = order.line('physical', 1200, 2);
  const travel = order.line('travel', 30000);
  const placed = order.placed([physical]);
  add(order.streamId, { ...placed, data: { ...(placed.data as object), orderNumber: `ORD-2026-${orderId.slice(-12)}` } });
  on(order.streamId, 'OrderLineAdded', { line: travel, at: now() });
  if (variant === 4) {
    on(order.streamId, 'OrderLineQuantityChanged', { lineId: physical.lineId, quantity: 5, at: now() });
    on(order.streamId, 'OrderLineRemoved', { lineId: travel.lineId, at: now() });
    return steps;
  }
  if (variant === 2) {
    on(order.streamId, 'OrderHoldPlaced', { holdId: 'h-1', type: 'MANUAL_REVIEW', reason: 'check', placedAt: now() });
    on(order.streamId, 'OrderHoldReleased', { holdId: 'h-1', reason: 'fine', releasedAt: now() });
  }
  add(order.streamId, order.confirmed([physical, travel]));
  on(streams.notification(orderId), 'NotificationSent', { notificationId: newId(), kind: 'order_confirmed', channel: 'log', recipient: 'c-1', subject: 'Thanks', sentAt: now() });
  on(streams.invoice(orderId), 'InvoiceIssued', { invoiceId: `i-${orderId}`, amount: 32400, currency: 'EUR', issuedAt: now() });
  on(streams.invoice(orderId), 'InvoicePaid', { invoiceId: `i-${orderId}`, paymentId: 'p', amount: 32400, currency: 'EUR', paidAt: now() });
  on(streams.shipment(orderId), 'ShipmentCreated', { shipmentId: `s-${orderId}`, lines: [{ lineId: physical.lineId, sku: physical.sku, quantity: 2 }], createdAt: now() });
  on(streams.booking(orderId), 'BookingReserved', { bookingId: `b-${orderId}`, lines: [], reservedAt: now() });
  on(order.streamId, 'OrderModuleStateRecorded', { module: 'finance', state: 'paid', sourceEventId: newId(), at: now() });
  on(order.streamId, 'OrderFulfillmentStarted', { at: now() });
  if (variant === 1 || variant === 3) {
    const cancelled = newEvent('OrderCancelled', { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'fulfilling', requestedAt: now(), cancelledAt: now(), ...(variant === 3 ? { note: '' } : {}) }, { correlationId: order.correlationId, schemaVersion: variant === 3 ? 1 : 2 });
    add(order.streamId, cancelled);
    on(streams.invoice(orderId), 'InvoiceRefunded', { invoiceId: `i-${orderId}`, amount: 32400, currency: 'EUR', reason: 'CUSTOMER_REQUEST', refundedAt: now() });
    on(streams.shipment(orderId), 'ShipmentCancelled', { shipmentId: `s-${orderId}`, reason: 'CUSTOMER_REQUEST', at: now() });
    on(streams.booking(orderId), 'BookingCancelled', { bookingId: `b-${orderId}`, reason: 'CUSTOMER_REQUEST', at: now() });
    on(streams.notification(orderId), 'NotificationSent', { notificationId: newId(), kind: 'order_cancelled', channel: 'log', recipient: 'c-1', subject: 'Cancelled', sentAt: now() });
    return steps;
  }
  for (const type of ['ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped', 'ShipmentDelivered']) on(streams.shipment(orderId), type, { shipmentId: `s-${orderId}`, at: now() });
  on(streams.booking(orderId), 'BookingConfirmed', { bookingId: `b-${orderId}`, at: now() });
  on(streams.booking(orderId), 'BookingTravelled', { bookingId: `b-${orderId}`, at: now() });
  on(order.streamId, 'OrderCompleted', { at: now() });
  on(streams.notification(orderId), 'NotificationSent', { notificationId: newId(), kind: 'order_completed', channel: 'log', recipient: 'c-1', subject: 'Done', sentAt: now() });
  return steps;
}

describe('projection rebuild while the live projector keeps writing (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let live: ReadModelSubscription;

  /** `orders` lives written by `writers` in parallel, step by step across orders, as under load. */
  async function workload(orders: number, writers = 4): Promise<void> {
    const lives = Array.from({ length: orders }, (_, i) => orderLife(i % 5));
    const queue = lives.map((life) => [...life]);
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = writer; i < queue.length; i += writers) {
          for (const { streamId, event } of queue[i]) await store.append(streamId, [event]);
        }
      }),
    );
  }

  async function caughtUp(): Promise<void> {
    const { rows } = await pool.query<{ max: string }>('SELECT max(position)::text AS max FROM es_events');
    const last = BigInt(rows[0].max);
    await eventually(async () => expect(await loadCheckpoint(pool, READ_MODELS_CHECKPOINT)).toBeGreaterThanOrEqual(last), 30_000);
  }

  async function snapshot() {
    const { rows } = await pool.query('SELECT count(*)::int AS events, max(position)::text AS last FROM es_events');
    return rows[0];
  }

  async function expectSameRows(): Promise<void> {
    const differences = await compareReadModels(pool, 'public', RETIRED_SCHEMA);
    expect(differences).toEqual([]);
    const { rows } = await pool.query('SELECT (SELECT count(*) FROM rm_orders)::int AS orders, (SELECT count(*) FROM rm_timeline)::int AS timeline');
    expect(rows[0].orders).toBeGreaterThan(0);
    expect(rows[0].timeline).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    database = await createTestDatabase('projector_rebuild');
    pool = new Pool({ connectionString: database.url, max: 12 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
    live = new ReadModelSubscription(pool, store, quiet, { maxBatchSize: 50 });
    await live.start();
  });

  afterAll(async () => {
    await live?.stop();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('on a quiet log: equal to the live tables row for row, writing no event', async () => {
    await workload(60);
    await caughtUp();
    const before = await snapshot();
    const phases = new Set<string>();
    const report = await rebuildReadModels({ pool, store, batchSize: 100, keepRetired: true, onProgress: (p: RebuildProgress) => phases.add(p.phase) });

    expect(await snapshot()).toEqual(before);
    expect(report.events).toBeGreaterThan(600);
    expect(report.position).toBe(BigInt(before.last));
    expect([...phases]).toEqual(['counting', 'copying', 'swapping', 'done']);
    await expectSameRows();
    // The v1 cancellation with a blank note went through today's upcaster, on both sides.
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM rm_orders WHERE cancellation->>'note' = ''`);
    expect(rows[0].n).toBe(0);
  });

  it('catches up, inside the swap, what the live projector applied after the shadow was built', async () => {
    const report = await rebuildReadModels({
      pool,
      store,
      batchSize: 100,
      keepRetired: true,
      beforeSwap: async () => {
        await workload(10);
        await caughtUp();
      },
    });
    expect(report.caughtUpInSwap).toBeGreaterThan(50);
    await caughtUp();
    // The retired tables stopped at the swap; the live ones then got nothing new: both at the same place.
    await expectSameRows();
  });

  it('under a concurrent workload, loses nothing written while it ran or swapped', async () => {
    let writing = true;
    const writes = (async () => {
      while (writing) await workload(4, 2);
    })();
    const report = await rebuildReadModels({ pool, store, batchSize: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    writing = false;
    await writes;
    await caughtUp();
    expect(report.retiredSchema).toBeUndefined();

    // The tables swapped in (then fed by the live projector) equal a rebuild from scratch.
    await rebuildReadModels({ pool, store, batchSize: 500, keepRetired: true });
    await expectSameRows();
  });

  it('goes on from the shadow when the projector is behind (stopped), and the projector resumes from there', async () => {
    await live.stop();
    await workload(8);
    const before = await loadCheckpoint(pool, READ_MODELS_CHECKPOINT);
    const report = await rebuildReadModels({ pool, store, keepRetired: true });
    expect(report.position).toBeGreaterThan(before);
    expect(await loadCheckpoint(pool, READ_MODELS_CHECKPOINT)).toBe(report.position);

    live = new ReadModelSubscription(pool, store, quiet, { maxBatchSize: 50 });
    await live.start();
    await workload(5);
    await caughtUp();
    await rebuildReadModels({ pool, store, keepRetired: true });
    await expectSameRows();
  });

  it('refuses to run twice at once', async () => {
    let started: () => void = () => undefined;
    const copying = new Promise<void>((resolve) => (started = resolve));
    const first = rebuildReadModels({ pool, store, batchSize: 20, keepRetired: true, onProgress: (p) => p.phase === 'copying' && started() });
    await copying;
    await expect(rebuildReadModels({ pool, store })).rejects.toThrow(/another projection rebuild is running/);
    await first;
    await expectSameRows();
  });
});
