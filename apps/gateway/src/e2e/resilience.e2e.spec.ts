import { Client } from 'pg';
import { expectStatus, type OrderResource, type ProductType } from './order-flows';
import { runningPlatform } from './running-platform';

jest.setTimeout(180_000);

const reactingServices = ['finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector'] as const;

describe('a platform that loses processes and sees events twice still finishes every order, once', () => {
  const platform = runningPlatform('e2e_resilience', { PAYMENT_TIMEOUT: '2s' });
  const sql = {} as { client: Client };

  beforeAll(async () => {
    sql.client = new Client(platform.database.url);
    sql.client.on('error', () => undefined);
    await sql.client.connect();
    platform.beforeStop(() => sql.client.end());
  });

  const mixes: ProductType[][] = [['digital'], ['physical'], ['travel'], ['physical', 'travel', 'digital']];

  async function notificationKinds(orderId: string): Promise<string[]> {
    return (await platform.flows.notifications(orderId)).map((notification) => notification.kind).sort();
  }

  it('cancels an unpaid order when the payment timeout passes (PAYMENT_TIMEOUT=2s), and leaves a paid one alone', async () => {
    const unpaid = await platform.flows.place(['physical']);
    const paid = await platform.flows.place(['digital']);
    await platform.flows.pay(paid);
    const cancelled = await platform.flows.until(unpaid.id, (view) => view.status === 'cancelled', 'cancelled by the timeout', 20_000);
    expect(cancelled.cancellation?.reason).toBe('PAYMENT_TIMEOUT');
    expect((await platform.flows.untilStatus(paid.id, 'completed')).cancellation).toBeUndefined();
  });

  it('keeps a payment deadline across a restart of the process manager', async () => {
    await platform.system.kill('process-manager');
    const unpaid = await platform.flows.place(['digital']);
    platform.system.start('process-manager');
    await platform.system.waitUntilReady();
    const cancelled = await platform.flows.until(unpaid.id, (view) => view.status === 'cancelled', 'cancelled by the timeout', 20_000);
    expect(cancelled.cancellation?.reason).toBe('PAYMENT_TIMEOUT');
  });

  it('finishes every order with no duplicate notification when services are killed with SIGKILL mid-flow', async () => {
    const orders: { order: OrderResource; types: ProductType[] }[] = [];
    for (let index = 0; index < 12; index++) {
      const types = mixes[index % mixes.length];
      const order = await platform.flows.place(types);
      await platform.flows.pay(order);
      orders.push({ order, types });
      if (index === 5) await Promise.all(['finance', 'process-manager', 'notification', 'projector'].map((service) => platform.system.kill(service as never, 'SIGKILL')));
    }
    for (const service of ['finance', 'process-manager', 'notification', 'projector'] as const) platform.system.start(service);
    await platform.system.waitUntilReady();
    for (const { order, types } of orders) await platform.flows.fulfil(order.id, types);
    for (const { order } of orders) await platform.flows.untilStatus(order.id, 'completed', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const { order } of orders) expect(await notificationKinds(order.id)).toEqual(['order_completed', 'order_confirmed']);
  });

  it('acts once when every service sees every event again from the start of the log', async () => {
    const order = await platform.flows.place(['physical', 'travel']);
    await platform.flows.pay(order);
    await platform.flows.fulfil(order.id, ['physical', 'travel']);
    await platform.flows.untilStatus(order.id, 'completed');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = await snapshot(order.id);

    await Promise.all(reactingServices.map((service) => platform.system.kill(service)));
    await sql.client.query('UPDATE es_checkpoints SET position = 0');
    await sql.client.query('UPDATE rm_checkpoints SET position = 0');
    reactingServices.forEach((service) => platform.system.start(service));
    await platform.system.waitUntilReady();
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await snapshot(order.id)).toEqual(before);
  });

  async function snapshot(orderId: string) {
    const { rows } = await sql.client.query<{ count: string }>('SELECT count(*) FROM es_events');
    const view = expectStatus(await platform.api('GET', `/api/v1/orders/${orderId}`, { key: 'dev-client' }), 200);
    const timeline = expectStatus(await platform.api('GET', `/api/v1/orders/${orderId}/timeline`, { key: 'dev-client' }), 200);
    return { events: Number(rows[0].count), view, timeline, notifications: await notificationKinds(orderId) };
  }
});
