import { DomainError, orderingPatterns } from '@oms/contracts';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';
import { orderView } from '../testing/order-fixtures';
import { validPlaceOrder } from '../testing/routes';

describe('Idempotency-Key through the gateway', () => {
  let ordering: FakeService;
  let gateway: GatewayUnderTest;
  let keyCounter = 0;
  const order = orderView({ version: 0 });
  const newKey = () => `key-${Date.now()}-${++keyCounter}`;
  const place = (key: string, body: unknown = validPlaceOrder, apiKey = 'dev-client') =>
    gateway.call('POST', '/api/v1/orders', { key: apiKey, json: body, headers: { 'idempotency-key': key } });

  beforeAll(async () => {
    ordering = await startFakeService(Object.values(orderingPatterns));
    gateway = await startGatewayUnderTest({ ORDERING_ADDRESS: ordering.address });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await ordering?.close();
  });
  beforeEach(() => {
    ordering.received.length = 0;
    ordering.handle(orderingPatterns.place, () => ({ order }));
  });

  it('replays the first response (status, body, Location, ETag) and sends the command once', async () => {
    const key = newKey();
    const first = await place(key);
    const again = await place(key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(ordering.received).toHaveLength(1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = newKey();
    await place(key, { customerId: 'c', currency: 'EUR', lines: [] });
    const again = await place(key, { lines: [], currency: 'EUR', customerId: 'c' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(ordering.received).toHaveLength(1);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, nothing sent', async () => {
    const key = newKey();
    await place(key);
    const other = await place(key, { ...validPlaceOrder, customerId: 'someone-else' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(ordering.received).toHaveLength(1);
  });

  it('refuses the same key on another route', async () => {
    const key = newKey();
    await place(key, { customerId: 'c', currency: 'EUR' });
    const other = await gateway.call('POST', `/api/v1/orders/${order.id}/cancel`, { key: 'dev-client', json: { reason: 'OTHER' }, headers: { 'idempotency-key': key } });
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('stores and replays a refusal (4xx) without asking the service again', async () => {
    ordering.handle(orderingPatterns.place, () => {
      throw new DomainError('VALIDATION_FAILED', 'XXQ is not a currency', [{ field: 'currency', message: 'unknown' }]);
    });
    const key = newKey();
    const first = await place(key, { ...validPlaceOrder, currency: 'XXQ' });
    ordering.handle(orderingPatterns.place, () => ({ order }));
    const again = await place(key, { ...validPlaceOrder, currency: 'XXQ' });
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(ordering.received).toHaveLength(1);
  });

  it('stores a gateway validation refusal too', async () => {
    const key = newKey();
    const first = await place(key, { customerId: 'c', currency: 'eur' });
    const again = await place(key, { customerId: 'c', currency: 'eur' });
    expect(first.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('forgets a 503 so that the retry runs, with the same command id', async () => {
    ordering.handle(orderingPatterns.place, () => {
      throw new Error('database down');
    });
    const key = newKey();
    const failed = await place(key);
    ordering.handle(orderingPatterns.place, () => ({ order }));
    const retried = await place(key);
    expect(failed.status).toBe(503);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(ordering.received).toHaveLength(2);
    expect(ordering.received[1].payload.context.commandId).toBe(ordering.received[0].payload.context.commandId);
  });

  it('sends a new command id without a key, and another for another key', async () => {
    await place(newKey());
    await place(newKey());
    await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder });
    const ids = ordering.received.map((message) => message.payload.context.commandId);
    expect(new Set(ids).size).toBe(3);
  });

  it('makes identical racing requests have one effect: the duplicates wait and replay', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    ordering.handle(orderingPatterns.place, async () => {
      await gate;
      return { order };
    });
    const key = newKey();
    const racing = Array.from({ length: 5 }, () => place(key));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const responses = await Promise.all(racing);
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(ordering.received).toHaveLength(1);
  });

  it('keeps keys apart per API key', async () => {
    const key = newKey();
    await place(key, validPlaceOrder, 'dev-client');
    const other = await place(key, { ...validPlaceOrder, customerId: 'x' }, 'dev-operator');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(ordering.received).toHaveLength(2);
  });

  it('ignores the key on reads', async () => {
    const response = await gateway.call('GET', '/health/live', { headers: { 'idempotency-key': 'k'.repeat(300) } });
    expect(response.status).toBe(200);
  });
});
