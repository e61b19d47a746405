import { DomainError } from '@oms/contracts';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';
import { orderView } from '../testing/order-fixtures';
import { DEFAULT_HISTORY_PAGE, orderHistoryPatterns } from './order-history';

describe('audit reads through the gateway: history pages and as-of (fake ordering service behind it)', () => {
  let ordering: FakeService;
  let gateway: GatewayUnderTest;
  const order = orderView({ version: 5 });
  const page = (nextAfter: string | null) => ({ orderId: order.id, events: [{ eventId: 'e-1', type: 'OrderPlaced', data: {}, metadata: {} }], nextAfter });

  beforeAll(async () => {
    ordering = await startFakeService(Object.values(orderHistoryPatterns));
    gateway = await startGatewayUnderTest({ ORDERING_ADDRESS: ordering.address });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await ordering?.close();
  });
  beforeEach(() => {
    ordering.received.length = 0;
    ordering.handle(orderHistoryPatterns.history, () => page('2199023255553'));
    ordering.handle(orderHistoryPatterns.asOf, () => order);
  });

  it('forwards after and limit, defaults the page size, and answers the page with its nextAfter', async () => {
    const first = await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-auditor' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(page('2199023255553'));
    const next = await gateway.call('GET', `/api/v1/orders/${order.id}/history?after=2199023255553&limit=50`, { key: 'dev-auditor' });
    expect(next.status).toBe(200);
    expect(ordering.received.map((message) => message.payload)).toEqual([
      { orderId: order.id, limit: DEFAULT_HISTORY_PAGE },
      { orderId: order.id, after: '2199023255553', limit: 50 },
    ]);
  });

  it.each([['after=-1'], ['after=1.5'], ['after=abc'], ['after=12345678901234567890'], ['limit=0'], ['limit=1001'], ['limit=ten'], ['limit=']])(
    'refuses %s with 400 before asking anyone',
    async (query) => {
      const response = await gateway.call('GET', `/api/v1/orders/${order.id}/history?${query}`, { key: 'dev-auditor' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set([query.split('=')[0]]));
      expect(ordering.received).toEqual([]);
    },
  );

  it('is for auditors and admins only', async () => {
    for (const key of ['dev-client', 'dev-operator']) {
      expect((await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key })).status).toBe(403);
    }
    expect((await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-admin' })).status).toBe(200);
  });

  it('maps an order not placed by the asOf time to 404, and echoes the correlation id on audit reads', async () => {
    ordering.handle(orderHistoryPatterns.asOf, () => {
      throw new DomainError('ORDER_NOT_FOUND', 'not placed yet');
    });
    const early = await gateway.call('GET', `/api/v1/orders/${order.id}?asOf=2020-01-01T00:00:00Z`, { key: 'dev-auditor', headers: { 'x-correlation-id': 'audit-42' } });
    expect(early.status).toBe(404);
    expect(early.body).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(early.headers.get('x-correlation-id')).toBe('audit-42');
    const history = await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-auditor', headers: { 'x-correlation-id': 'audit-43' } });
    expect(history.headers.get('x-correlation-id')).toBe('audit-43');
    const generated = await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-auditor' });
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('documents the paging in OpenAPI: after, limit, nextAfter and the event envelope', async () => {
    const document = (await gateway.call('GET', '/docs-json')).body;
    const operation = document.paths['/api/v1/orders/{id}/history'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['id', 'after', 'limit']));
    const schema = document.components.schemas.HistoryPageSchema;
    expect(Object.keys(schema.properties)).toEqual(['orderId', 'events', 'nextAfter']);
    expect(Object.keys(document.components.schemas.HistoryEventSchema.properties)).toEqual(
      expect.arrayContaining(['eventId', 'type', 'stream', 'revision', 'position', 'recordedAt', 'data', 'metadata']),
    );
  });
});
