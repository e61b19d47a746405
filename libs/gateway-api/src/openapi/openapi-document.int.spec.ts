import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';
import { routeCases } from '../testing/routes';

describe('OpenAPI at /docs', () => {
  let gateway: GatewayUnderTest;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let document: any;

  beforeAll(async () => {
    gateway = await startGatewayUnderTest();
    document = (await gateway.call('GET', '/docs-json')).body;
  }, 60_000);
  afterAll(() => gateway?.close());

  it('serves the UI without a key', async () => {
    const ui = await gateway.call('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger');
  });

  it('documents every route, with bearer auth and its problem responses', () => {
    const operations = routeCases.map((route) => {
      const template = route.path.split('?')[0].replace(/\/[0-9a-f-]{36}(?=\/|$)/g, (_, offset, path: string) => {
        const before = path.slice(0, offset);
        return before.endsWith('/lines') ? '/{lineId}' : before.endsWith('/holds') ? '/{holdId}' : '/{id}';
      });
      return [route.method.toLowerCase(), `/api/v1${template.replace('/by-number/ORD-2026-000001', '/by-number/{orderNumber}')}`] as const;
    });
    for (const [method, path] of operations) {
      const operation = document.paths[path]?.[method];
      expect({ method, path, documented: Boolean(operation) }).toEqual({ method, path, documented: true });
      expect(operation.security).toEqual([{ bearer: [] }]);
      for (const status of ['401', '403', '503']) {
        expect(operation.responses[status]?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/ProblemDetailsSchema' });
      }
    }
    expect(document.paths['/health/live'].get).toBeDefined();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes the problem and the request bodies from the DTOs', () => {
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.ProblemDetailsSchema.properties).sort()).toEqual(['code', 'detail', 'errors', 'status', 'title', 'type']);
    expect(schemas.PlaceOrderDto.required).toEqual(['customerId', 'currency']);
    expect(schemas.NewOrderLineDto.properties.productType.enum).toEqual(['physical', 'digital', 'travel']);
    expect(schemas.CancelOrderDto.properties.reason.enum).toEqual(['CUSTOMER_REQUEST', 'DUPLICATE_ORDER', 'FRAUD_RISK', 'SALES_ERROR', 'OTHER']);
    expect(schemas.OrderWithHoldView.properties?.holdId ?? schemas.OrderWithHoldView.allOf).toBeDefined();
    expect(document.paths['/api/v1/orders'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PlaceOrderDto' });
  });
});
