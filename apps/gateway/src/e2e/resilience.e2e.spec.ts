import { apiClient, createTestDatabase, startSystem, type SystemUnderTest, type TestDatabase } from '@oms/testing';
import { Client } from 'pg';
import { expectStatus, orderFlows, type Api, type OrderResource, type ProductType } from './order-flows';

jest.setTimeout(180_000);

const reactingServices = ['finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector'] as const;

describe('a platform that loses processes and sees events twice still finishes every order, once', () => {
  let database: TestDatabase;
  let system: SystemUnderTest;
  let api: Api;
  let flows: ReturnType<typeof orderFlows>;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase('e2e_resilience');
    system = await startSystem({ databaseUrl: database.url, env: { PAYMENT_TIMEOUT: '2s' } });
    api = apiClient(system.baseUrl);
    flows = orderFlows(api);
    sql = new Client(database.url);
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await system?.stop();
    await database?.drop();
  });

  const mixes: ProductType[][] = [['digital'], ['physical'], ['travel'], ['physical', 'travel', 'digital']];

  async function notificationKinds(orderId: string): Promise<string[]> {
    return (await flows.notifications(orderId)).map((notification) => notification.kind).sort();
  }

  it('cancels an unpaid order when the payment timeout passes (PAYMENT_TIMEOUT=2s), and leaves a paid one alone', async () => {
    const unpaid = await flows.place(['physical']);
    const paid = await flows.place(['digital']);
    await flows.pay(paid);
    const cancelled = await flows.until(unpaid.id, (view) => view.status === 'cancelled', 'cancelled by the timeout', 20_000);
    expect(cancelled.cancellation?.reason).toBe('PAYMENT_TIMEOUT');
    expect((await flows.untilStatus(paid.id, 'completed')).cancellation).toBeUndefined();
  });

  it('keeps a payment deadline across a restart of the process manager', async () => {
    await system.kill('process-manager');
    const unpaid = await flows.place(['digital']);
    system.start('process-manager');
    await system.waitUntilReady();
    const cancelled = await flows.until(unpaid.id, (view) => view.status === 'cancelled', 'cancelled by the timeout', 20_000);
    expect(cancelled.cancellation?.reason).toBe('PAYMENT_TIMEOUT');
  });

  it('finishes every order with no duplicate notification when services are killed with SIGKILL mid-flow', async () => {
    const orders: { order: OrderResource; types: ProductType[] }[] = [];
    for (let index = 0; index < 12; index++) {
      const types = mixes[index % mixes.length];
      const order = await flows.place(types);
      await flows.pay(order);
      orders.push({ order, types });
      if (index === 5) await Promise.all(['finance', 'process-manager', 'notification', 'projector'].map((service) => system.kill(service as never, 'SIGKILL')));
    }
    for (const service of ['finance', 'process-manager', 'notification', 'projector'] as const) system.start(service);
    await system.waitUntilReady();
    for (const { order, types } of orders) await flows.fulfil(order.id, types);
    for (const { order } of orders) await flows.untilStatus(order.id, 'completed', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const { order } of orders) expect(await notificationKinds(order.id)).toEqual(['order_completed', 'order_confirmed']);
  });

  it('acts once when every service sees every event again from the start of the log', async () => {
    const order = await flows.place(['physical', 'travel']);
    await flows.pay(order);
    await flows.fulfil(order.id, ['physical', 'travel']);
    await flows.untilStatus(order.id, 'completed');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = await snapshot(order.id);

    await Promise.all(reactingServices.map((service) => system.kill(service)));
    await sql.query('UPDATE es_checkpoints SET position = 0');
    await sql.query('UPDATE rm_checkpoints SET position = 0');
    reactingServices.forEach((service) => system.start(service));
    await system.waitUntilReady();
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await snapshot(order.id)).toEqual(before);
  });

  async function snapshot(orderId: string) {
    const { rows } = await sql.query<{ count: string }>('SELECT count(*) FROM es_events');
    const view = expectStatus(await api('GET', `/api/v1/orders/${orderId}`, { key: 'dev-client' }), 200);
    const timeline = expectStatus(await api('GET', `/api/v1/orders/${orderId}/timeline`, { key: 'dev-client' }), 200);
    return { events: Number(rows[0].count), view, timeline, notifications: await notificationKinds(orderId) };
  }
});
