import { newId, streams, type RecordedEvent } from '@oms/contracts';
import { Pool } from 'pg';
import { ProjectionCheckpointConflict, advanceCheckpoint, loadCheckpoint } from './checkpoints';
import { migrateReadModels } from './migrations';
import { projectBatch, projectEvent } from './projector';
import { EventLog, Projector, at, line, place, useReadModelDatabase } from './read-model.fixtures';

/** Every row of every read model, in a stable order. */
async function snapshot(pool: Pool): Promise<unknown> {
  const orders = await pool.query('SELECT * FROM rm_orders ORDER BY id');
  const timeline = await pool.query('SELECT * FROM rm_timeline ORDER BY order_id, seq');
  const notifications = await pool.query('SELECT * FROM rm_notifications ORDER BY notification_id');
  return { orders: orders.rows, timeline: timeline.rows, notifications: notifications.rows };
}

/** One order through most of the vocabulary. */
function story(log: EventLog): void {
  const physical = line();
  const { orderId, orderNumber, customerId } = place(log, { lines: [physical] });
  const order = streams.order(orderId);
  log.record(order, 'OrderLineAdded', { orderId, line: line({ productType: 'travel', unitPrice: 50 }), at: at(1) }, at(1));
  log.record(order, 'OrderLineQuantityChanged', { orderId, lineId: physical.lineId, quantity: 2, at: at(2) }, at(2));
  log.record(order, 'OrderHoldPlaced', { orderId, holdId: 'h', type: 'CREDIT', reason: 'r', placedAt: at(2) }, at(2));
  log.record(order, 'OrderHoldReleased', { orderId, holdId: 'h', reason: 'ok', releasedAt: at(3) }, at(3));
  log.record(
    order,
    'OrderConfirmed',
    { orderId, orderNumber, customerId, paymentId: 'p', amount: 2050, currency: 'EUR', lines: [], totals: { subtotal: 2050, tax: 0, discount: 0, total: 2050 }, confirmedAt: at(4) },
    at(4),
  );
  log.record(streams.invoice(orderId), 'InvoiceIssued', { orderId, invoiceId: 'i', amount: 2050, currency: 'EUR', issuedAt: at(5) }, at(5));
  log.record(streams.invoice(orderId), 'InvoicePaid', { orderId, invoiceId: 'i', paymentId: 'p', amount: 2050, currency: 'EUR', paidAt: at(5) }, at(5));
  log.record(order, 'OrderFulfillmentStarted', { orderId, at: at(6) }, at(6));
  log.record(streams.shipment(orderId), 'ShipmentCreated', { orderId, shipmentId: 's', lines: [], createdAt: at(6) }, at(6));
  log.record(streams.booking(orderId), 'BookingReserved', { orderId, bookingId: 'b', lines: [], reservedAt: at(6) }, at(6));
  log.record(order, 'OrderModuleStateRecorded', { orderId, module: 'travel', state: 'reserved', sourceEventId: newId(), at: at(7) }, at(7));
  log.record(streams.notification(orderId), 'NotificationSent', { orderId, notificationId: newId(), kind: 'order_confirmed', channel: 'log', recipient: customerId, subject: 's', body: 'b', sentAt: at(4) }, at(4));
  log.record(order, 'OrderCancelled', { orderId, reason: 'OTHER', note: 'n', previousStatus: 'fulfilling', requestedAt: at(8), cancelledAt: at(8) }, at(8));
}

describe('projectBatch', () => {
  const db = useReadModelDatabase();

  it('migrates idempotently, however many processes start at once', async () => {
    expect(await Promise.all([migrateReadModels(db.pool), migrateReadModels(db.pool), migrateReadModels(db.pool)])).toEqual([[], [], []]);
    const { rows } = await db.pool.query('SELECT version FROM rm_migrations ORDER BY version');
    expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('leaves closing a timeline entry a heap-only update: no index names closed_at, pages keep room', async () => {
    const { rows: indexes } = await db.pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'rm_timeline'`);
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.filter((index) => index.indexdef.includes('closed_at'))).toEqual([]);
    const { rows } = await db.pool.query(`SELECT reloptions FROM pg_class WHERE relname = 'rm_timeline'`);
    expect(rows).toEqual([{ reloptions: ['fillfactor=85'] }]);
  });

  it('changes nothing when the same events are applied again, as a batch or one by one', async () => {
    const log = new EventLog();
    story(log);
    story(log);
    await new Projector(() => db.pool).feed(log.all);
    const before = await snapshot(db.pool);

    // Another checkpoint name gets past the checkpoint's own guard: the projections must hold,
    // also for an event delivered twice within one batch.
    await new Projector(() => db.pool).feed(log.all);
    await projectBatch(db.pool, [...log.all, ...log.all], `again-${newId()}`, 0n, log.all[log.all.length - 1].position);
    const client = await db.pool.connect();
    try {
      for (const event of log.all) await projectEvent(client, event);
      for (const event of [...log.all].reverse()) await projectEvent(client, event);
    } finally {
      client.release();
    }
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it('gives the same rows whatever the batch sizes', async () => {
    const first = new EventLog();
    story(first);
    const ids = new Set(first.all.map((event) => (event.data as { orderId: string }).orderId));
    const inOne = new Projector(() => db.pool);
    await inOne.feed(first.all);
    const wholeRows = await db.pool.query('SELECT * FROM rm_orders WHERE id = ANY($1)', [[...ids]]);
    const wholeTimeline = await db.pool.query('SELECT module, status_code, closed_at, seq FROM rm_timeline WHERE order_id = ANY($1) ORDER BY seq', [[...ids]]);
    await db.pool.query('DELETE FROM rm_orders WHERE id = ANY($1)', [[...ids]]);
    await db.pool.query('DELETE FROM rm_timeline WHERE order_id = ANY($1)', [[...ids]]);

    const oneByOne = new Projector(() => db.pool);
    for (const event of first.all) await oneByOne.feed([event]);
    expect((await db.pool.query('SELECT * FROM rm_orders WHERE id = ANY($1)', [[...ids]])).rows).toEqual(wholeRows.rows);
    expect(
      (await db.pool.query('SELECT module, status_code, closed_at, seq FROM rm_timeline WHERE order_id = ANY($1) ORDER BY seq', [[...ids]])).rows,
    ).toEqual(wholeTimeline.rows);
  });

  it('moves the checkpoint with the batch, including over an empty batch', async () => {
    const name = `cp-${newId()}`;
    const log = new EventLog();
    place(log);
    expect(await loadCheckpoint(db.pool, name)).toBe(0n);
    await projectBatch(db.pool, log.all, name, 0n, log.all[0].position);
    expect(await loadCheckpoint(db.pool, name)).toBe(log.all[0].position);
    await projectBatch(db.pool, [], name, log.all[0].position, log.all[0].position + 40n);
    expect(await loadCheckpoint(db.pool, name)).toBe(log.all[0].position + 40n);
  });

  it('rolls the whole batch back when the checkpoint moved meanwhile', async () => {
    const name = `cp-${newId()}`;
    const log = new EventLog();
    const earlier = place(log);
    await projectBatch(db.pool, log.all, name, 0n, log.all[0].position);
    const before = await snapshot(db.pool);

    const mark = log.all.length;
    const { orderId } = place(log);
    log.record(streams.order(earlier.orderId), 'OrderCompleted', { orderId: earlier.orderId, at: at(9) }, at(9));
    const batch = log.since(mark);
    const last = batch[batch.length - 1].position;

    // Stale expectations: another instance already moved the checkpoint, so none of the batch may land.
    await expect(projectBatch(db.pool, batch, name, 0n, last)).rejects.toMatchObject({
      name: 'ProjectionCheckpointConflict',
      expected: 0n,
      actual: log.all[0].position,
    });
    await expect(projectBatch(db.pool, batch, name, 5n, last)).rejects.toBeInstanceOf(ProjectionCheckpointConflict);
    await expect(projectBatch(db.pool, batch, `never-${newId()}`, 5n, last)).rejects.toMatchObject({ actual: undefined });
    expect(await snapshot(db.pool)).toEqual(before);
    expect(await loadCheckpoint(db.pool, name)).toBe(log.all[0].position);

    await projectBatch(db.pool, batch, name, log.all[0].position, last);
    expect((await snapshot(db.pool)) as object).not.toEqual(before);
    expect((await db.pool.query('SELECT 1 FROM rm_orders WHERE id = $1', [orderId])).rowCount).toBe(1);
  });

  it('lets only one of two competing instances apply the same batch', async () => {
    const name = `cp-${newId()}`;
    const log = new EventLog();
    for (let i = 0; i < 20; i++) place(log);
    const last = log.all[log.all.length - 1].position;
    const results = await Promise.allSettled([projectBatch(db.pool, log.all, name, 0n, last), projectBatch(db.pool, log.all, name, 0n, last)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ProjectionCheckpointConflict);
    expect(await loadCheckpoint(db.pool, name)).toBe(last);
  });

  it('rolls back the work of a batch whose projection fails part-way, checkpoint included', async () => {
    const name = `cp-${newId()}`;
    const log = new EventLog();
    const { orderNumber } = place(log);
    // A second, different order with the same number violates rm_orders' unique key.
    const clash = place(log);
    const clashing: RecordedEvent = { ...log.all[1], data: { ...(log.all[1].data as object), orderNumber } };
    const before = await snapshot(db.pool);
    await expect(projectBatch(db.pool, [log.all[0], clashing], name, 0n, clashing.position)).rejects.toThrow(/duplicate key/);
    expect(await snapshot(db.pool)).toEqual(before);
    expect(await loadCheckpoint(db.pool, name)).toBe(0n);
    expect(clash.orderNumber).not.toBe(orderNumber);
  });

  it('commits a batch asynchronously, and gives its connection back with synchronous commits', async () => {
    const name = `cp-${newId()}`;
    const log = new EventLog();
    place(log);
    // What the batch's own transaction runs with, seen from inside it by a trigger.
    await db.pool.query(`
      CREATE TABLE commit_mode_seen (name text, mode text);
      CREATE FUNCTION commit_mode_seen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO commit_mode_seen VALUES (NEW.name, current_setting('synchronous_commit')); RETURN NEW; END $$;
      CREATE TRIGGER commit_mode_seen AFTER INSERT OR UPDATE ON rm_checkpoints FOR EACH ROW EXECUTE FUNCTION commit_mode_seen();`);
    const single = new Pool({ connectionString: db.url, max: 1 });
    try {
      await projectBatch(single, log.all, name, 0n, log.all[0].position);
      expect((await db.pool.query('SELECT mode FROM commit_mode_seen WHERE name = $1', [name])).rows).toEqual([{ mode: 'off' }]);
      // The same (only) connection, after the batch: appends sharing a pool stay durable.
      expect((await single.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'on' }]);
    } finally {
      await single.end();
      await db.pool.query('DROP TRIGGER commit_mode_seen ON rm_checkpoints; DROP FUNCTION commit_mode_seen(); DROP TABLE commit_mode_seen');
    }
  });

  it('refuses to move a checkpoint backwards', async () => {
    await expect(advanceCheckpoint(db.pool, 'x', 10n, 5n)).rejects.toThrow(RangeError);
  });
});
