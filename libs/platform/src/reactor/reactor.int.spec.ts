import { Logger } from '@nestjs/common';
import { newId, type NewEvent, type RecordedEvent } from '@oms/contracts';
import { createEventStore, type EventStore } from '@oms/event-store';
import { createTestDatabase, eventually, newEvent, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { HealthRegistry } from '../health/health-registry';
import { Reactor, type ReactorOptions } from './reactor';
import { decideOnStream } from './stream-decision';

/** An event of some new order; the reactors below tell them apart by stream only. */
const event = (): NewEvent => newEvent('ThingHappened');

describe('Reactor (PostgreSQL event store)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  const reactors: Reactor[] = [];

  beforeAll(async () => {
    // The failures below are on purpose; their error logs would only hide real ones.
    Logger.overrideLogger(false);
    database = await createTestDatabase('reactor');
    pool = new Pool({ connectionString: database.url, max: 5 });
    store = await createEventStore({ kind: 'postgres', pool });
  });

  afterEach(async () => {
    await Promise.all(reactors.splice(0).map((reactor) => reactor.stop()));
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  function reactor(options: Partial<ReactorOptions> & Pick<ReactorOptions, 'name'>, health = new HealthRegistry()): Reactor {
    const created = new Reactor({ store, pool, health, filter: { streamPrefixes: [`${options.name}-`] }, handle: async () => undefined, ...options } as ReactorOptions);
    reactors.push(created);
    created.start();
    return created;
  }

  const checkpointOf = async (name: string) => (await pool.query<{ position: string }>('SELECT position FROM es_checkpoints WHERE subscription = $1', [name])).rows[0]?.position;

  it('hands over history then live events, in order, and resumes after its durable checkpoint', async () => {
    const stream = `alpha-${newId()}`;
    await store.append(stream, [event(), event()]);
    const seen: string[] = [];
    const health = new HealthRegistry();
    const first = reactor({ name: 'alpha', handle: async (e) => void seen.push(e.eventId) }, health);
    await eventually(() => expect(seen).toHaveLength(2));
    await eventually(async () => expect((await health.report()).checks['subscription:alpha']).toEqual({ status: 'up' }));
    const live = event();
    await store.append(stream, [live]);
    await eventually(() => expect(seen).toHaveLength(3));
    await eventually(async () => expect(await checkpointOf('alpha')).toBe(first.position.toString()));
    await first.stop();
    expect((await health.report()).checks['subscription:alpha']).toMatchObject({ status: 'down', detail: 'stopped' });

    const after = event();
    await store.append(stream, [after]);
    const again: string[] = [];
    reactor({ name: 'alpha', handle: async (e) => void again.push(e.eventId) });
    await eventually(() => expect(again).toEqual([after.eventId]));
  });

  it('delivers a batch again after its handler failed, and reports the failure meanwhile', async () => {
    const stream = `beta-${newId()}`;
    await store.append(stream, [event(), event()]);
    let failures = 1;
    const handled: string[] = [];
    const health = new HealthRegistry();
    reactor(
      {
        name: 'beta',
        handle: async (e) => {
          if (handled.length === 1 && failures-- > 0) throw new Error('broken for a moment');
          handled.push(e.eventId);
        },
      },
      health,
    );
    // Down only until the redelivery succeeds (one backoff): look often enough to see it.
    await eventually(async () => expect((await health.report()).checks['subscription:beta']).toMatchObject({ status: 'down', detail: expect.stringMatching(/broken for a moment/) }), 10_000, 20);
    // The first event is delivered again with its batch: at least once, hence idempotent handlers.
    await eventually(() => expect(handled).toHaveLength(3));
    expect(handled[2]).not.toBe(handled[0]);
    expect(new Set(handled).size).toBe(2);
  });

  it('commits a transactional handler’s writes with the checkpoint: a failed batch leaves neither', async () => {
    await pool.query('CREATE TABLE gamma_effects (event_id uuid PRIMARY KEY)');
    const stream = `gamma-${newId()}`;
    await store.append(stream, [event(), event(), event()]);
    let fail = true;
    reactor({
      name: 'gamma',
      handleInTransaction: async (client, e: RecordedEvent) => {
        // Plain INSERT, no ON CONFLICT: a second application of one event would fail the batch.
        await client.query('INSERT INTO gamma_effects (event_id) VALUES ($1)', [e.eventId]);
        if (fail && e.revision === 2) {
          fail = false;
          throw new Error('crash before commit');
        }
      },
    });
    await eventually(async () => expect((await pool.query('SELECT count(*)::int AS n FROM gamma_effects')).rows[0].n).toBe(3));
    await eventually(async () => expect(await checkpointOf('gamma')).toBeDefined());
  });

  it('learns a checkpoint moved by another instance and neither moves it back nor stalls', async () => {
    const stream = `delta-${newId()}`;
    await store.append(stream, [event()]);
    const handled: string[] = [];
    const mine = reactor({ name: 'delta', handle: async (e) => void handled.push(e.eventId) });
    await eventually(() => expect(handled).toHaveLength(1));
    await eventually(async () => expect(await checkpointOf('delta')).toBe(mine.position.toString()));
    // Another instance got further (its position is beyond anything this one has read).
    const ahead = mine.position + (1n << 40n);
    await pool.query('UPDATE es_checkpoints SET position = $2 WHERE subscription = $1', ['delta', ahead.toString()]);
    await store.append(stream, [event()]);
    await eventually(() => expect(mine.position).toBe(ahead));
    expect(await checkpointOf('delta')).toBe(ahead.toString());
  });

  it('decides again on fresh state when another writer appended first (WrongExpectedVersion)', async () => {
    const streamId = `counter-${newId()}`;
    type Counted = { type: 'OrderCompleted'; data: { orderId: string; at: string } };
    let raced = false;
    const result = await decideOnStream<number, Counted>(store, {
      streamId,
      initialState: () => 0,
      evolve: (count) => count + 1,
      decide: (count) => {
        if (!raced) {
          raced = true;
          return [{ type: 'OrderCompleted', data: { orderId: 'x', at: 'first' } }];
        }
        return count >= 2 ? [] : [{ type: 'OrderCompleted', data: { orderId: 'x', at: `after ${count}` } }];
      },
      context: { orderId: newId(), correlationId: newId(), causationId: newId(), actor: { type: 'system', id: 'spec' } },
      eventId: () => newId(),
    });
    expect(result).toMatchObject({ revision: 0, state: 1 });
    // Now two deciders race on revision 0: one wins, the other reloads and sees 2 → nothing.
    const racing = () =>
      decideOnStream<number, Counted>(store, {
        streamId,
        initialState: () => 0,
        evolve: (count) => count + 1,
        decide: (count) => (count >= 2 ? [] : [{ type: 'OrderCompleted', data: { orderId: 'x', at: 'race' } }]),
        context: { orderId: newId(), correlationId: newId(), causationId: newId(), actor: { type: 'system', id: 'spec' } },
        eventId: () => newId(),
      });
    const outcomes = await Promise.all([racing(), racing(), racing()]);
    expect(outcomes.map((outcome) => outcome.events.length).sort()).toEqual([0, 0, 1]);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });
});
