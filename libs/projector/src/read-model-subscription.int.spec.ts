import { newId, streams } from '@oms/contracts';
import { getOrder, getTimeline, loadCheckpoint, migrateReadModels, readModelsPosition } from '@oms/read-models';
import { createTestDatabase, eventually, newEvent, orderCompleted, orderPlaced, recordedEvent, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { InMemoryLog } from './in-memory-log.fixtures';
import { ReadModelSubscription, type ProjectionLog } from './read-model-subscription';

const quiet: ProjectionLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Orders placed (and some completed) on a log with increasing, non-dense positions. */
class Orders {
  private position = 1_000n;
  constructor(private readonly log: InMemoryLog) {}

  private add(streamId: string, revision: number, type: string, data: object): void {
    this.position += 3n;
    const occurredAt = new Date(Date.UTC(2026, 2, 1, 10, 0, Number(this.position % 1000n))).toISOString();
    this.log.add(recordedEvent(newEvent(type, data, { occurredAt }), { streamId, revision, position: this.position }));
  }

  place(count: number): string[] {
    return Array.from({ length: count }, () => {
      const orderId = newId();
      this.add(streams.order(orderId), 0, 'OrderPlaced', orderPlaced(orderId, [], { orderNumber: `ORD-2026-${orderId.slice(-12)}` }));
      return orderId;
    });
  }

  complete(orderId: string): void {
    this.add(streams.order(orderId), 1, 'OrderCompleted', orderCompleted(orderId));
  }

  internal(): void {
    this.add('process-manager-x', 0, 'DeadlineScheduled', {});
  }
}

describe('ReadModelSubscription', () => {
  let database: TestDatabase;
  let pool: Pool;
  const running: ReadModelSubscription[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('projector');
    pool = new Pool({ connectionString: database.url, max: 8 });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projections) => projections.stop()));
    await pool.end();
    await database.drop();
  });

  function start(log: InMemoryLog, options: ConstructorParameters<typeof ReadModelSubscription>[3] = {}): ReadModelSubscription {
    const projections = new ReadModelSubscription(pool, log.asStore(), quiet, { maxBatchSize: 7, ...options });
    running.push(projections);
    return projections;
  }

  it('migrates, projects the history, and reports healthy only once caught up', async () => {
    const log = new InMemoryLog();
    const orders = new Orders(log);
    const ids = orders.place(40);
    orders.internal();
    const projections = start(log);
    await expect(projections.check()).rejects.toThrow(/not started/);
    await projections.start();
    await eventually(() => projections.check());
    expect(await getOrder(pool, ids[39])).toMatchObject({ status: 'pending', version: 0 });
    expect(await readModelsPosition(pool)).toBe(log.events[39].position);
    expect(log.subscriptions[0].options.filter?.eventTypes).toContain('NotificationSent');
    expect(log.subscriptions[0].options.filter?.eventTypes).not.toContain('DeadlineScheduled');

    orders.complete(ids[0]);
    await eventually(async () => expect(await getOrder(pool, ids[0])).toMatchObject({ status: 'completed', version: 1 }));
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    const log = new InMemoryLog();
    const orders = new Orders(log);
    const [first] = orders.place(10);
    const before = start(log);
    await before.start();
    await eventually(() => before.check());
    await before.stop();

    orders.complete(first);
    const more = orders.place(3);
    const after = start(log);
    await after.start();
    expect(log.subscriptions[1].options.after).toBe(log.events[9].position);
    await eventually(async () => expect(await getOrder(pool, more[2])).toBeDefined());
    expect(await getOrder(pool, first)).toMatchObject({ status: 'completed' });
    expect(await getTimeline(pool, first)).toHaveLength(2);
  });

  it('is down while it fails, and up again once a batch goes through', async () => {
    const log = new InMemoryLog();
    const orders = new Orders(log);
    orders.place(2);
    let clock = 0;
    const projections = start(log, { now: () => clock, failureWindowMs: 1_000 });
    await projections.start();
    await eventually(() => projections.check());

    // The read model's table is gone for a while: every delivery of the batch fails.
    await pool.query('ALTER TABLE rm_orders RENAME TO rm_orders_away');
    const [late] = orders.place(1);
    await eventually(() => expect(projections.check()).rejects.toThrow(/failing: .*rm_orders/));
    await pool.query('ALTER TABLE rm_orders_away RENAME TO rm_orders');
    await eventually(async () => expect(await getOrder(pool, late)).toBeDefined());
    await expect(projections.check()).resolves.toBeUndefined();

    // The store unreachable: down while errors keep coming, up once they stop for the window.
    log.readFailure = new Error('connection refused');
    await eventually(() => expect(projections.check()).rejects.toThrow(/connection refused/));
    log.readFailure = undefined;
    clock += 1_001;
    await eventually(() => projections.check());
  });

  it('lets two instances share the work without applying anything twice', async () => {
    const log = new InMemoryLog();
    const orders = new Orders(log);
    const ids = orders.place(60);
    ids.forEach((id) => orders.complete(id));
    await migrateReadModels(pool);
    const one = start(log);
    const two = start(log);
    await Promise.all([one.start(), two.start()]);
    await eventually(async () => expect(await loadCheckpoint(pool, 'read-models')).toBe(log.events[log.events.length - 1].position));
    await eventually(() => Promise.all([one.check(), two.check()]).then(() => undefined));
    const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM rm_timeline');
    expect(Number(rows[0].count)).toBe(120);
    expect((await pool.query("SELECT count(*)::int AS n FROM rm_orders WHERE status = 'completed' AND version = 1")).rows[0].n).toBe(60);
  });

  it('starts over when the read models are reset for a rebuild', async () => {
    const log = new InMemoryLog();
    const orders = new Orders(log);
    const ids = orders.place(5);
    const projections = start(log);
    await projections.start();
    await eventually(() => projections.check());

    await pool.query('TRUNCATE rm_orders, rm_timeline, rm_notifications, rm_checkpoints');
    orders.place(1);
    await eventually(async () => expect(await getOrder(pool, ids[0])).toBeDefined());
    await eventually(async () => expect(await loadCheckpoint(pool, 'read-models')).toBe(log.events[5].position));
  });
});
