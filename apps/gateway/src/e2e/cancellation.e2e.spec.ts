import { runningPlatform } from './running-platform';
import { client, expectStatus, operator, type OrderResource } from './order-flows';

jest.setTimeout(120_000);

describe('cancellation, compensation, vetoes and holds through the gateway, every service its own process', () => {
  const platform = runningPlatform('e2e_cancellation');

  it('cancels a pending order at once; no module ever starts', async () => {
    const order = await platform.flows.place(['physical', 'travel']);
    const cancelled = expectStatus(await platform.flows.cancel(order.id), 200);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellation).toMatchObject({ reason: 'CUSTOMER_REQUEST', note: 'changed my mind' });
    const view = await platform.flows.untilStatus(order.id, 'cancelled');
    expect(view.modules).toEqual({});
    const paid = await platform.api('POST', `/api/v1/orders/${order.id}/payments`, { key: client, body: { paymentId: 'late', amount: order.totals.total, currency: 'EUR' } });
    expect(paid.status).toBe(409);
  });

  it('cancels a fulfilling order and every module undoes its part: refund, shipment stopped, booking cancelled', async () => {
    const order = await platform.flows.place(['physical', 'travel', 'digital']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    await platform.flows.untilModule(order.id, 'travel', 'reserved');
    expectStatus(await platform.flows.shipment(order.id, 'pick'), 200);
    expectStatus(await platform.flows.booking(order.id, 'confirm'), 200);
    const cancelled = expectStatus(await platform.flows.cancel(order.id), 200);
    expect(cancelled.status).toBe('cancelled');
    const compensated = await platform.flows.until(
      order.id,
      (view) => view.modules.finance?.state === 'refunded' && view.modules.logistics?.state === 'cancelled' && view.modules.travel?.state === 'cancelled',
      'compensated in every module',
    );
    expect(compensated.status).toBe('cancelled');
    expect((await platform.flows.shipment(order.id, 'pack')).status).toBe(409);
  });

  it('refuses to cancel once the shipment has shipped', async () => {
    const order = await platform.flows.place(['physical']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    for (const step of ['pick', 'pack', 'ship']) expectStatus(await platform.flows.shipment(order.id, step), 200);
    const refused = await eventuallyRefused(order.id);
    expect(refused.body.code).toBe('CANCELLATION_NOT_ALLOWED');
    expect((await platform.flows.read(order.id)).status).not.toBe('cancelled');
  });

  /**
   * The order learns "shipped" from the process manager a moment after the shipment moved (the
   * race docs/fulfilment.md describes); wait until the order stream has caught up — its version
   * stops moving — before asking.
   */
  async function eventuallyRefused(orderId: string) {
    let seen = await platform.flows.until(orderId, (view) => view.modules.logistics?.state === 'shipped', 'shipped');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await platform.flows.read(orderId);
      if (now.version === seen.version) break;
      seen = now;
    }
    const response = await platform.flows.cancel(orderId);
    expect(response.status).toBe(409);
    return response;
  }

  it('refuses to cancel a completed order', async () => {
    const order = await platform.flows.place(['digital']);
    await platform.flows.pay(order);
    await platform.flows.untilStatus(order.id, 'completed');
    const refused = await platform.flows.cancel(order.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CANCELLATION_NOT_ALLOWED');
  });

  it('turns a supplier rejecting the booking into the order’s cancellation (BOOKING_FAILED) with compensation', async () => {
    const order = await platform.flows.place(['physical', 'travel']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'travel', 'reserved');
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    expectStatus(await platform.flows.booking(order.id, 'fail', { reason: 'hotel overbooked' }), 200);
    const cancelled = await platform.flows.until(
      order.id,
      (view) => view.status === 'cancelled' && view.modules.finance?.state === 'refunded' && view.modules.logistics?.state === 'cancelled',
      'cancelled and compensated',
    );
    expect(cancelled.cancellation?.reason).toBe('BOOKING_FAILED');
    expect(cancelled.modules.travel.state).toBe('cancelled');
  });

  it('blocks payment and module operations while held, and lets the order move on by itself once the last hold is released', async () => {
    const order = await platform.flows.place(['physical']);
    const held = expectStatus(await platform.api<OrderResource & { holdId: string }>('POST', `/api/v1/orders/${order.id}/holds`, { key: operator, body: { type: 'FRAUD', reason: 'check' } }), 200);
    expect(held.holds).toHaveLength(1);
    const second = expectStatus(await platform.api<OrderResource & { holdId: string }>('POST', `/api/v1/orders/${order.id}/holds`, { key: operator, body: { type: 'DOCUMENTS', reason: 'id' } }), 200);
    const blocked = await platform.api('POST', `/api/v1/orders/${order.id}/payments`, { key: client, body: { paymentId: 'p-held', amount: order.totals.total, currency: 'EUR' } });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('ORDER_ON_HOLD');
    expect((await platform.api('POST', `/api/v1/orders/${order.id}/holds`, { key: client, body: { type: 'FRAUD', reason: 'x' } })).status).toBe(403);
    expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/holds/${held.holdId}/release`, { key: operator, body: { reason: 'ok' } }), 200);
    expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/holds/${second.holdId}/release`, { key: operator, body: { reason: 'ok' } }), 200);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');

    // Hold while the shipment waits: operators cannot move it.
    const third = expectStatus(await platform.api<OrderResource & { holdId: string }>('POST', `/api/v1/orders/${order.id}/holds`, { key: operator, body: { type: 'MANUAL_REVIEW', reason: 'look' } }), 200);
    const onHold = await platform.flows.shipment(order.id, 'pick');
    expect(onHold.status).toBe(409);
    expect(onHold.body.code).toBe('ORDER_ON_HOLD');
    expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/holds/${third.holdId}/release`, { key: operator, body: { reason: 'fine' } }), 200);
    for (const step of ['pick', 'pack', 'ship', 'deliver']) expectStatus(await platform.flows.shipment(order.id, step), 200);
    await platform.flows.untilStatus(order.id, 'completed');
  });

  it('completes an order whose last module finished while it was held, as soon as the hold is released', async () => {
    const order = await platform.flows.place(['physical']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    for (const step of ['pick', 'pack', 'ship']) expectStatus(await platform.flows.shipment(order.id, step), 200);
    await platform.system.kill('process-manager');
    expectStatus(await platform.flows.shipment(order.id, 'deliver'), 200);
    const hold = expectStatus(await platform.api<OrderResource & { holdId: string }>('POST', `/api/v1/orders/${order.id}/holds`, { key: operator, body: { type: 'CREDIT', reason: 'late check' } }), 200);
    platform.system.start('process-manager');
    await platform.system.waitUntilReady();
    await platform.flows.until(order.id, (view) => view.modules.logistics?.state === 'delivered' && view.status === 'fulfilling', 'delivered yet fulfilling');
    // Give the process manager time to record "delivered" on the held order; it must not complete.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await platform.flows.read(order.id)).status).toBe('fulfilling');
    expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/holds/${hold.holdId}/release`, { key: operator, body: { reason: 'cleared' } }), 200);
    await platform.flows.untilStatus(order.id, 'completed');
  });

  it('sends one cancellation notice and no completion notice for a cancelled order', async () => {
    const order = await platform.flows.place(['digital', 'physical']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    expectStatus(await platform.flows.cancel(order.id), 200);
    await platform.flows.untilModule(order.id, 'finance', 'refunded');
    let kinds: string[] = [];
    for (let attempt = 0; attempt < 100 && kinds.length < 2; attempt++) {
      kinds = (await platform.flows.notifications(order.id)).map((notification) => notification.kind).sort();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    kinds = (await platform.flows.notifications(order.id)).map((notification) => notification.kind).sort();
    expect(kinds).toEqual(['order_cancelled', 'order_confirmed']);
  });
});
