import { apiRoles } from '@oms/platform';
import { migrateReadModels } from '@oms/read-models';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';
import { devKeys, routeCases } from '../testing/routes';

describe('API keys and roles (every route)', () => {
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    gateway = await startGatewayUnderTest();
    await migrateReadModels(gateway.pool);
  }, 60_000);
  afterAll(() => gateway?.close());

  const call = (route: (typeof routeCases)[number], key?: string, authorization?: string) =>
    gateway.call(route.method, `/api/v1${route.path}`, {
      key,
      json: route.body,
      headers: authorization !== undefined ? { authorization } : {},
    });

  it.each(routeCases.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: no key or an unknown key → 401 with WWW-Authenticate', async (_, route) => {
    for (const attempt of [await call(route), await call(route, 'not-a-key'), await call(route, undefined, 'Basic ZGV2LWFkbWluOg=='), await call(route, undefined, 'dev-admin')]) {
      expect(attempt.status).toBe(401);
      expect(attempt.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(attempt.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(attempt.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED', type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    }
  });

  it.each(routeCases.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: a known key of another role → 403; an allowed role passes', async (_, route) => {
    for (const role of apiRoles) {
      const response = await call(route, devKeys[role]);
      if (route.roles.includes(role)) {
        expect({ role, status: response.status }).toEqual({ role, status: route.whenAllowed });
      } else {
        expect({ role, status: response.status, code: response.body?.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
      }
    }
  });

  it('lets anyone read health and the API documentation', async () => {
    expect((await gateway.call('GET', '/health/live')).status).toBe(200);
    expect([200, 503]).toContain((await gateway.call('GET', '/health/ready')).status);
    expect((await gateway.call('GET', '/docs')).status).toBe(200);
    expect((await gateway.call('GET', '/docs-json')).status).toBe(200);
  });

  it('answers an allowed read from the read models', async () => {
    const list = await gateway.call('GET', '/api/v1/orders', { key: 'dev-client' });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], nextCursor: null });
    const missing = await gateway.call('GET', `/api/v1${routeCases.find((route) => route.path.endsWith('/timeline'))!.path}`, { key: 'dev-client' });
    expect(missing.body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
  });
});

describe('API keys from API_KEYS', () => {
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    gateway = await startGatewayUnderTest({ API_KEYS: 'client:client-key-123456,auditor:auditor-key-123456' });
    await migrateReadModels(gateway.pool);
  }, 60_000);
  afterAll(() => gateway?.close());

  it('uses the configured keys only (dev keys no longer work)', async () => {
    expect((await gateway.call('GET', '/api/v1/orders', { key: 'client-key-123456' })).status).toBe(200);
    expect((await gateway.call('GET', '/api/v1/orders', { key: 'dev-client' })).status).toBe(401);
    expect((await gateway.call('POST', '/api/v1/orders', { key: 'auditor-key-123456', json: {} })).status).toBe(403);
  });
});
