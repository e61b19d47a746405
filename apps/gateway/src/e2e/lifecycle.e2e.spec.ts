import { runningPlatform } from './running-platform';
import { client, expectStatus, line, operator, type ProductType } from './order-flows';

jest.setTimeout(120_000);

describe('an order walked to completed through the gateway, every service its own process', () => {
  const platform = runningPlatform('e2e_lifecycle');

  const paths: [string, ProductType[], string[]][] = [
    ['digital only: finance alone', ['digital'], ['finance']],
    ['physical: delivered', ['physical'], ['finance', 'logistics']],
    ['travel: travelled', ['travel'], ['finance', 'travel']],
    ['mixed: delivered and travelled', ['physical', 'digital', 'travel'], ['finance', 'logistics', 'travel']],
  ];

  it.each(paths)('%s', async (_name, types, modules) => {
    const order = await platform.flows.place(types);
    expect(order).toMatchObject({ status: 'pending', version: 0, modules: {} });
    expect(order.orderNumber).toMatch(/^ORD-\d{4}-\d{6,}$/);
    const confirmed = await platform.flows.pay(order);
    expect(confirmed.status).toBe('confirmed');
    await platform.flows.fulfil(order.id, types);
    const completed = await platform.flows.untilStatus(order.id, 'completed');
    expect(Object.keys(completed.modules).sort()).toEqual([...modules].sort());
    expect(completed.modules.finance.state).toBe('paid');
    if (modules.includes('logistics')) expect(completed.modules.logistics.state).toBe('delivered');
    if (modules.includes('travel')) expect(completed.modules.travel.state).toBe('travelled');

    const timeline = expectStatus(await platform.api('GET', `/api/v1/orders/${order.id}/timeline`, { key: client }), 200) as { statusCode: string }[];
    const codes = timeline.map((entry) => entry.statusCode);
    expect(codes).toEqual(expect.arrayContaining(['order:pending', 'order:confirmed', 'order:fulfilling', 'order:completed']));
    expect(codes.some((code) => code.startsWith('finance:'))).toBe(true);
    expect(codes.indexOf('order:pending')).toBeLessThan(codes.indexOf('order:completed'));
  });

  it('sends exactly one notification per state-machine transition and none for module steps', async () => {
    const order = await platform.flows.place(['physical']);
    await platform.flows.pay(order);
    await platform.flows.fulfil(order.id, ['physical']);
    await platform.flows.untilStatus(order.id, 'completed');
    const kinds = await waitForNotifications(order.id, 2);
    expect(kinds).toEqual(['order_completed', 'order_confirmed']);
  });

  async function waitForNotifications(orderId: string, count: number): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const kinds = (await platform.flows.notifications(orderId)).map((notification) => notification.kind).sort();
      if (kinds.length >= count || Date.now() > deadline) {
        // Give a duplicate the chance to show before asserting there is none.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return (await platform.flows.notifications(orderId)).map((notification) => notification.kind).sort();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('returns the order as the command left it, with its version as ETag, and refuses a stale If-Match', async () => {
    const order = await platform.flows.place(['digital']);
    const added = await platform.api('POST', `/api/v1/orders/${order.id}/lines`, { key: client, body: line('digital', 500, 2), headers: { 'if-match': '"0"' } });
    expect(added.status).toBeLessThan(300);
    expect(added.body.version).toBe(1);
    expect(added.headers.get('etag')).toBe('"1"');
    expect(added.body.totals.total).toBe(order.totals.total + 1000);
    const stale = await platform.api('POST', `/api/v1/orders/${order.id}/lines`, { key: client, body: line('digital'), headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONCURRENCY_CONFLICT');
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const current = await platform.flows.until(order.id, (view) => view.version === 1, 'version 1');
    expect(current.lines).toHaveLength(2);
  });

  it('replays a command sent twice with one Idempotency-Key, and refuses the key with another body', async () => {
    const order = await platform.flows.place(['digital']);
    const request = { key: client, body: line('digital', 700), headers: { 'idempotency-key': `add-${order.id}` } };
    const first = await platform.api('POST', `/api/v1/orders/${order.id}/lines`, request);
    const again = await platform.api('POST', `/api/v1/orders/${order.id}/lines`, request);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    const reused = await platform.api('POST', `/api/v1/orders/${order.id}/lines`, { ...request, body: line('digital', 800) });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const view = await platform.flows.until(order.id, (current) => current.version === 1, 'version 1');
    expect(view.lines).toHaveLength(2);
  });

  it('applies 20 concurrent commands on one order each once or refuses them cleanly, losing none', async () => {
    const order = await platform.flows.place(['digital']);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => platform.api('POST', `/api/v1/orders/${order.id}/lines`, { key: client, body: line('digital', 100 + index) })),
    );
    const applied = responses.filter((response) => response.status < 300);
    const refused = responses.filter((response) => response.status >= 300);
    expect(refused.filter((response) => response.status !== 409 || response.body.code !== 'CONCURRENCY_CONFLICT').map((response) => [response.status, response.body])).toEqual([]);
    expect(applied.length).toBeGreaterThan(0);
    const view = await platform.flows.until(order.id, (current) => current.version === applied.length, `version ${applied.length}`);
    expect(view.lines).toHaveLength(1 + applied.length);
    expect(new Set(applied.map((response) => response.body.version)).size).toBe(applied.length);
  });

  it('places one order for one intent even when the same intent arrives five times at once', async () => {
    const intent = { sourceSystem: 'shop-eu', orderIntentId: `cart-${Date.now()}` };
    const body = { customerId: 'customer-intent', currency: 'EUR', lines: [line('digital')], intent };
    const responses = await Promise.all(Array.from({ length: 5 }, () => platform.api('POST', '/api/v1/orders', { key: client, body })));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const repeat = await platform.api('POST', '/api/v1/orders', { key: client, body });
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(responses[0].body.id);
  });

  it('lets an operator but not a client move a shipment, and refuses a step out of order', async () => {
    const order = await platform.flows.place(['physical']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    const asClient = await platform.api('POST', `/api/v1/orders/${order.id}/shipment/pick`, { key: client, body: {} });
    expect(asClient.status).toBe(403);
    const skip = await platform.flows.shipment(order.id, 'ship');
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('INVALID_TRANSITION');
    const noBooking = await platform.flows.booking(order.id, 'confirm');
    expect(noBooking.status).toBe(404);
    expect(expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/shipment/pick`, { key: operator, body: {} }), 200)).toMatchObject({ state: 'picked' });
  });
});
