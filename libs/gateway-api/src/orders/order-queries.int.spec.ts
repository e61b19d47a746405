import { newId, streams, type EventDataMap, type EventType, type RecordedEvent } from '@oms/contracts';
import { migrateReadModels, projectEvents } from '@oms/read-models';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';

let position = 1000n;
const revisions = new Map<string, number>();

function recorded<T extends EventType>(streamId: string, type: T, data: EventDataMap[T], at: string): RecordedEvent {
  const revision = (revisions.get(streamId) ?? -1) + 1;
  revisions.set(streamId, revision);
  position += 3n;
  const orderId = (data as { orderId: string }).orderId;
  const eventId = newId();
  return {
    eventId,
    type,
    data,
    metadata: { orderId, correlationId: eventId, causationId: eventId, actor: { type: 'user', id: 'k', role: 'client' }, occurredAt: at, schemaVersion: 1 },
    streamId,
    revision,
    position,
    recordedAt: new Date(at),
  };
}

describe('order queries (read models)', () => {
  let gateway: GatewayUnderTest;
  const first = { orderId: newId(), orderNumber: 'ORD-2026-000001' };
  const second = { orderId: newId(), orderNumber: 'ORD-2026-000002' };
  const line = { lineId: newId(), sku: 'SKU-1', productType: 'physical' as const, description: 'chair', quantity: 2, unitPrice: 1250 };

  beforeAll(async () => {
    gateway = await startGatewayUnderTest();
    await migrateReadModels(gateway.pool);
    await projectEvents(gateway.pool, [
      recorded(streams.order(first.orderId), 'OrderPlaced', { ...first, customerId: 'cust-1', currency: 'EUR', lines: [line], placedAt: '2026-03-01T10:00:00.000Z' }, '2026-03-01T10:00:00.000Z'),
      recorded(streams.order(second.orderId), 'OrderPlaced', { ...second, customerId: 'cust-2', currency: 'USD', lines: [], placedAt: '2026-03-02T10:00:00.000Z' }, '2026-03-02T10:00:00.000Z'),
      recorded(streams.order(first.orderId), 'OrderLineQuantityChanged', { orderId: first.orderId, lineId: line.lineId, quantity: 3, at: '2026-03-01T10:05:00.000Z' }, '2026-03-01T10:05:00.000Z'),
    ]);
  }, 60_000);
  afterAll(() => gateway?.close());

  it('answers an order with its version as ETag', async () => {
    const response = await gateway.call('GET', `/api/v1/orders/${first.orderId}`, { key: 'dev-client' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      id: first.orderId,
      orderNumber: first.orderNumber,
      status: 'pending',
      lines: [{ lineId: line.lineId, quantity: 3, unitPrice: 1250, subtotal: 3750 }],
      totals: { subtotal: 3750, total: 3750 },
      version: 1,
    });
  });

  it('finds an order by its number', async () => {
    const response = await gateway.call('GET', `/api/v1/orders/by-number/${second.orderNumber}`, { key: 'dev-auditor' });
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(second.orderId);
    expect(response.headers.get('etag')).toBe('"0"');
  });

  it('answers 404 ORDER_NOT_FOUND for an unknown order, number, timeline, notifications', async () => {
    for (const path of [`/orders/${newId()}`, '/orders/by-number/ORD-2026-999999', `/orders/${newId()}/timeline`, `/orders/${newId()}/notifications`]) {
      const response = await gateway.call('GET', `/api/v1${path}`, { key: 'dev-admin' });
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 404, code: 'ORDER_NOT_FOUND' });
    }
  });

  it('lists orders newest first, filtered and paged', async () => {
    const all = await gateway.call('GET', '/api/v1/orders', { key: 'dev-client' });
    expect(all.body.items.map((order: { id: string }) => order.id)).toEqual([second.orderId, first.orderId]);
    expect(all.body.nextCursor).toBeNull();

    const byCustomer = await gateway.call('GET', '/api/v1/orders?customerId=cust-1', { key: 'dev-client' });
    expect(byCustomer.body.items.map((order: { id: string }) => order.id)).toEqual([first.orderId]);

    const inMarch1 = await gateway.call('GET', '/api/v1/orders?createdFrom=2026-03-01T00:00:00Z&createdTo=2026-03-01T23:59:59Z&status=pending', { key: 'dev-client' });
    expect(inMarch1.body.items.map((order: { id: string }) => order.id)).toEqual([first.orderId]);

    const page1 = await gateway.call('GET', '/api/v1/orders?limit=1', { key: 'dev-client' });
    expect(page1.body.items).toHaveLength(1);
    const page2 = await gateway.call('GET', `/api/v1/orders?limit=1&cursor=${page1.body.nextCursor}`, { key: 'dev-client' });
    expect(page2.body.items.map((order: { id: string }) => order.id)).toEqual([first.orderId]);
  });

  it('answers the timeline to clients and the notifications to operators', async () => {
    const timeline = await gateway.call('GET', `/api/v1/orders/${first.orderId}/timeline`, { key: 'dev-client' });
    expect(timeline.status).toBe(200);
    expect(Array.isArray(timeline.body)).toBe(true);
    const notifications = await gateway.call('GET', `/api/v1/orders/${first.orderId}/notifications`, { key: 'dev-operator' });
    expect(notifications).toMatchObject({ status: 200, body: [] });
    expect((await gateway.call('GET', `/api/v1/orders/${first.orderId}/notifications`, { key: 'dev-client' })).status).toBe(403);
  });
});
