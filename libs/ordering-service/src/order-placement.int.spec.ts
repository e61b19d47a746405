import { newId, type CommandContext, type PlaceOrderCommand } from '@oms/contracts';
import { migrate, PostgresEventStore } from '@oms/event-store';
import type { PlatformConfig } from '@oms/platform';
import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { OrderNumbers } from './order-numbers';
import { OrderPlacement } from './order-placement';
import { OrderStreams } from './order-streams';

describe('placing an order again with the same command id (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let placement: OrderPlacement;
  const config = { modulesRequiredForCompletion: ['finance', 'logistics', 'travel'] } as PlatformConfig;

  beforeAll(async () => {
    database = await createTestDatabase('ordering_placement');
    pool = new Pool({ connectionString: database.url, max: 4 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
    placement = new OrderPlacement(store, new OrderStreams(store), new OrderNumbers(pool), config);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  const context = (commandId = newId()): CommandContext => ({ correlationId: newId(), commandId, causationId: commandId, actor: { type: 'user', id: 'dev-client', role: 'client' } });
  const command = (commandContext: CommandContext): PlaceOrderCommand => ({
    customerId: 'c-1',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', description: 'Mug', productType: 'physical', quantity: 2, unitPrice: 1250 }],
    context: commandContext,
  });
  const orderStreamsHolding = async (eventIds: string[]) =>
    (await pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM es_events WHERE event_id = ANY($1::uuid[])', [eventIds])).rows.map((row) => row.stream_id);

  it('answers the retry of a placement whose reply was lost with the first order, and writes nothing', async () => {
    // The gateway derives the command id from the Idempotency-Key: a retry after it lost the
    // first reply carries the same one, and the service decides a new order id for it.
    const commandId = newId();
    const first = await placement.place(command(context(commandId)));
    const eventsBefore = Number((await pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n);

    const retry = await placement.place(command(context(commandId)));

    expect(retry).toEqual({ order: first.order, existing: true });
    expect(Number((await pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n)).toBe(eventsBefore);
    const placed = await store.readStream(`order-${first.order.id}`);
    expect(await orderStreamsHolding(placed.map((event) => event.eventId))).toEqual([`order-${first.order.id}`]);
  });

  it('places a new order for a new command id with the same content', async () => {
    const first = await placement.place(command(context()));
    const second = await placement.place(command(context()));
    expect(second.existing).toBeUndefined();
    expect(second.order.id).not.toBe(first.order.id);
    expect(second.order.orderNumber).not.toBe(first.order.orderNumber);
  });
});
