import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Client, Pool } from 'pg';
import { newEvents, uniqueId, waitFor } from '../contract/fixtures';
import type { RecordedEvent } from '@oms/contracts';
import { migrate } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

// The fence, step by step: the interleavings the concurrency proof produces at random.
describe('the global log fence (PostgreSQL)', () => {
  let database: TestDatabase;
  let other: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    [database, other] = await Promise.all([createTestDatabase('es_fence'), createTestDatabase('es_fence_other')]);
    pool = new Pool({ connectionString: database.url, max: 8 });
    await migrate(pool);
    store = new PostgresEventStore(pool, { subscriptions: { pollIntervalMs: 60_000 } });
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await Promise.all([database?.drop(), other?.drop()]);
  });

  async function openTransaction(url: string): Promise<Client> {
    const client = new Client(url);
    await client.connect();
    await client.query('BEGIN');
    return client;
  }

  it('hides a later commit until an earlier open append has ended, then shows both in position order', async () => {
    const prefix = uniqueId('fence');
    const early = await openTransaction(database.url);
    try {
      const [slow] = await store.appendInTransaction(early, [{ streamId: `${prefix}-slow`, events: newEvents(1) }]);
      const fast = await store.append(`${prefix}-fast`, newEvents(1));
      expect(fast.positions[0]).toBeGreaterThan(slow.positions[0]); // committed first, positioned after

      const hidden = await store.readAll({ filter: { streamPrefixes: [prefix] } });
      expect(hidden.events).toEqual([]);
      expect(hidden.isEnd).toBe(true);
      // The stream read is not fenced: deciders see every committed event.
      expect(await store.readStream(`${prefix}-fast`)).toHaveLength(1);

      await early.query('COMMIT');
      const shown = await store.readAll({ filter: { streamPrefixes: [prefix] } });
      expect(shown.events.map((e) => e.position)).toEqual([slow.positions[0], fast.positions[0]]);
    } finally {
      await early.end();
    }
  });

  it('leaves no trace of a rolled-back append, and lets the readers pass its positions', async () => {
    const prefix = uniqueId('rollback');
    const doomed = await openTransaction(database.url);
    try {
      await store.appendInTransaction(doomed, [{ streamId: `${prefix}-a`, events: newEvents(2) }]);
      const kept = await store.append(`${prefix}-b`, newEvents(1));
      await doomed.query('ROLLBACK');
      const page = await store.readAll({ filter: { streamPrefixes: [prefix] } });
      expect(page.events.map((e) => e.position)).toEqual(kept.positions);
    } finally {
      await doomed.end();
    }
  });

  it('is held back by a writing transaction in another database, and a subscriber catches up soon after it ends, without a notification', async () => {
    const prefix = uniqueId('elsewhere');
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      after: 0n,
      filter: { streamPrefixes: [prefix] },
      handler: async (events) => {
        received.push(...events);
      },
    });
    await waitFor(() => subscription.isLive, 5_000, 'live');
    const longRunning = await openTransaction(other.url);
    try {
      await longRunning.query('SELECT pg_current_xact_id()'); // an xid, as any write would take
      await store.append(`${prefix}-x`, newEvents(1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]); // its NOTIFY came, but the fence holds the event back

      await longRunning.query('COMMIT'); // ends elsewhere: no notification in our database
      const ended = Date.now();
      await waitFor(() => received.length === 1, 5_000, 'delivery after the fence moved');
      expect(Date.now() - ended).toBeLessThan(1_000); // the held-back retry, not the 60 s poll
    } finally {
      await longRunning.end();
      await subscription.stop();
    }
    // Room for its own waits (5 s + 0.3 s + 5 s): each names what did not happen in time,
    // instead of Jest's 5 s default cutting them off without saying which.
  }, 15_000);

  it('refuses (AppendOutOfOrder) an append in a transaction that wrote before, when the stream moved past it meanwhile', async () => {
    const stream = uniqueId('order');
    await store.append(stream, newEvents(1));
    const late = await openTransaction(database.url);
    try {
      await late.query(`INSERT INTO es_checkpoints (subscription, position) VALUES ($1, 1)`, [uniqueId('x')]); // takes an xid now
      await store.append(stream, newEvents(1)); // a younger transaction appends and commits

      await expect(store.appendInTransaction(late, [{ streamId: stream, events: newEvents(1) }])).rejects.toMatchObject({
        code: 'APPEND_OUT_OF_ORDER',
        streamId: stream,
      });
    } finally {
      await late.query('ROLLBACK');
      await late.end();
    }
    expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('settles the same event ids raced into two streams: one append wins, the other gets EventIdConflict', async () => {
    for (let race = 0; race < 5; race++) {
      const events = newEvents(3);
      // Different streams take different locks, so the unique index on event_id decides.
      const outcomes = await Promise.allSettled([store.append(uniqueId('a'), events), store.append(uniqueId('b'), events)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost?.reason).toMatchObject({ code: 'EVENT_ID_CONFLICT', reason: 'used_elsewhere' });
    }
  });

  it('numbers several appends in one transaction after one another', async () => {
    const stream = uniqueId('order');
    const tx = await openTransaction(database.url);
    try {
      const [first] = await store.appendInTransaction(tx, [{ streamId: stream, events: newEvents(2) }]);
      const [second] = await store.appendInTransaction(tx, [{ streamId: stream, events: newEvents(2) }]);
      await tx.query('COMMIT');
      expect(second.positions[0]).toBe(first.positions[1] + 1n);
      expect(second.nextExpectedRevision).toBe(3);
    } finally {
      await tx.end();
    }
  });
});
