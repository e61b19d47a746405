import { migrateReadModels } from '@oms/read-models';
import { startGatewayUnderTest, type CallResult, type GatewayUnderTest } from '../testing/gateway-under-test';
import { holdId, lineId, orderId, validLine, validPlaceOrder } from '../testing/routes';

function expectValidationProblem(response: CallResult, ...fields: string[]): void {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'urn:oms:problem:validation-failed', status: 400, code: 'VALIDATION_FAILED', detail: expect.any(String) });
  const reported = (response.body.errors ?? []).map((error: { field: string }) => error.field);
  for (const field of fields) expect(reported).toContain(field);
  for (const error of response.body.errors ?? []) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
}

describe('request validation', () => {
  let gateway: GatewayUnderTest;
  const post = (path: string, json: unknown, key = 'dev-admin') => gateway.call('POST', `/api/v1${path}`, { key, json });
  const postRaw = (path: string, raw: string, key = 'dev-admin') => gateway.call('POST', `/api/v1${path}`, { key, raw });

  beforeAll(async () => {
    gateway = await startGatewayUnderTest();
    await migrateReadModels(gateway.pool);
  }, 60_000);
  afterAll(() => gateway?.close());

  describe('placing an order', () => {
    it.each([
      ['customerId a number', { ...validPlaceOrder, customerId: 123 }, ['customerId']],
      ['customerId blank', { ...validPlaceOrder, customerId: '   ' }, ['customerId']],
      ['customerId missing, currency missing', { lines: [] }, ['customerId', 'currency']],
      ['currency lower case', { ...validPlaceOrder, currency: 'eur' }, ['currency']],
      ['currency four letters', { ...validPlaceOrder, currency: 'EURO' }, ['currency']],
      ['a float price', { ...validPlaceOrder, lines: [{ ...validLine, unitPrice: 12.5 }] }, ['lines[0].unitPrice']],
      ['a negative price', { ...validPlaceOrder, lines: [{ ...validLine, unitPrice: -1 }] }, ['lines[0].unitPrice']],
      ['a price beyond exact integers', { ...validPlaceOrder, lines: [{ ...validLine, unitPrice: 2 ** 53 }] }, ['lines[0].unitPrice']],
      ['a price as a string', { ...validPlaceOrder, lines: [{ ...validLine, unitPrice: '12' }] }, ['lines[0].unitPrice']],
      ['a negative quantity', { ...validPlaceOrder, lines: [validLine, { ...validLine, quantity: -3 }] }, ['lines[1].quantity']],
      ['a zero quantity', { ...validPlaceOrder, lines: [{ ...validLine, quantity: 0 }] }, ['lines[0].quantity']],
      ['a float quantity', { ...validPlaceOrder, lines: [{ ...validLine, quantity: 1.5 }] }, ['lines[0].quantity']],
      ['a huge quantity', { ...validPlaceOrder, lines: [{ ...validLine, quantity: 10_001 }] }, ['lines[0].quantity']],
      ['a quantity as a string', { ...validPlaceOrder, lines: [{ ...validLine, quantity: '2' }] }, ['lines[0].quantity']],
      ['an unknown product type', { ...validPlaceOrder, lines: [{ ...validLine, productType: 'service' }] }, ['lines[0].productType']],
      ['a null description', { ...validPlaceOrder, lines: [{ ...validLine, description: null }] }, ['lines[0].description']],
      ['a long description', { ...validPlaceOrder, lines: [{ ...validLine, description: 'd'.repeat(501) }] }, ['lines[0].description']],
      ['an unknown field', { ...validPlaceOrder, discount: 50 }, ['discount']],
      ['an unknown nested field', { ...validPlaceOrder, lines: [{ ...validLine, color: 'red' }] }, ['lines[0].color']],
      ['lines not an array', { ...validPlaceOrder, lines: 'SKU-1' }, ['lines']],
      ['a line that is not an object', { ...validPlaceOrder, lines: [1] }, ['lines[0]']],
      ['a null line', { ...validPlaceOrder, lines: [null] }, ['lines[0]']],
      ['too many lines', { ...validPlaceOrder, lines: Array.from({ length: 101 }, () => validLine) }, ['lines']],
      ['intent not an object', { ...validPlaceOrder, intent: 'cart-1' }, ['intent']],
      ['intent null', { ...validPlaceOrder, intent: null }, ['intent']],
      ['intent incomplete', { ...validPlaceOrder, intent: { sourceSystem: 'shop' } }, ['intent.orderIntentId']],
      ['intent too long', { ...validPlaceOrder, intent: { sourceSystem: 's'.repeat(101), orderIntentId: 'i'.repeat(201) } }, ['intent.sourceSystem', 'intent.orderIntentId']],
    ])('refuses %s', async (_, body, fields) => expectValidationProblem(await post('/orders', body, 'dev-client'), ...fields));

    it('refuses a huge string field with a 400 naming it (not a 413 or 5xx)', async () => {
      expectValidationProblem(await post('/orders', { ...validPlaceOrder, customerId: 'c'.repeat(900_000) }, 'dev-client'), 'customerId');
    });

    it.each([
      ['__proto__ at the top', '{"__proto__":{"isAdmin":true},"customerId":"c","currency":"EUR","lines":[]}', '__proto__'],
      ['__proto__ in a line', '{"customerId":"c","currency":"EUR","lines":[{"sku":"a","productType":"digital","quantity":1,"unitPrice":1,"__proto__":{"quantity":5}}]}', 'lines[0].__proto__'],
      ['constructor.prototype', '{"customerId":"c","currency":"EUR","constructor":{"prototype":{"polluted":1}}}', 'constructor'],
      ['prototype in intent', '{"customerId":"c","currency":"EUR","intent":{"prototype":{}}}', 'intent.prototype'],
    ])('refuses prototype pollution keys: %s', async (_, raw, field) => {
      expectValidationProblem(await postRaw('/orders', raw, 'dev-client'), field);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses deep nesting without overflowing anything', async () => {
      const depth = 100_000;
      expectValidationProblem(await postRaw('/orders', `{"customerId":"c","currency":"EUR","intent":${'['.repeat(depth)}${']'.repeat(depth)}}`, 'dev-client'));
      expectValidationProblem(await postRaw('/orders', `${'{"a":'.repeat(50)}1${'}'.repeat(50)}`, 'dev-client'));
      // Also before the Idempotency-Key hashing walks the body.
      const withKey = await gateway.call('POST', '/api/v1/orders', {
        key: 'dev-client',
        raw: `{"customerId":"c","currency":"EUR","intent":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        headers: { 'idempotency-key': 'deep-1' },
      });
      expectValidationProblem(withKey);
    });

    it.each([
      ['an array', '[]'],
      ['an array of orders', JSON.stringify([validPlaceOrder])],
      ['a string', '"order"'],
      ['null', 'null'],
      ['a number', '42'],
      ['empty', ''],
    ])('refuses a body that is %s', async (_, raw) => expectValidationProblem(await postRaw('/orders', raw, 'dev-client')));

    it('refuses a body sent as text/plain (not parsed, so nothing is there)', async () => {
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', raw: JSON.stringify(validPlaceOrder), headers: { 'content-type': 'text/plain' } });
      expectValidationProblem(response, 'customerId', 'currency');
    });
  });

  describe('other commands', () => {
    it.each([
      [`/orders/${orderId}/lines`, { ...validLine, unitPrice: 0.5 }, ['unitPrice']],
      [`/orders/${orderId}/lines`, { sku: '', productType: 'physical', quantity: 1, unitPrice: 1 }, ['sku']],
      [`/orders/${orderId}/payments`, { paymentId: 'p', amount: 10.01, currency: 'EUR' }, ['amount']],
      [`/orders/${orderId}/payments`, { paymentId: 'p', amount: -5, currency: 'EUR' }, ['amount']],
      [`/orders/${orderId}/payments`, { paymentId: '', amount: 5, currency: 'Euro' }, ['paymentId', 'currency']],
      [`/orders/${orderId}/payments`, { paymentId: 'p'.repeat(201), amount: 5, currency: 'EUR' }, ['paymentId']],
      [`/orders/${orderId}/cancel`, { reason: 'PAYMENT_TIMEOUT' }, ['reason']],
      [`/orders/${orderId}/cancel`, { reason: 'BOOKING_FAILED' }, ['reason']],
      [`/orders/${orderId}/cancel`, { reason: 'OTHER', note: 'n'.repeat(1001) }, ['note']],
      [`/orders/${orderId}/cancel`, {}, ['reason']],
      [`/orders/${orderId}/holds`, { type: 'VIBES', reason: 'x' }, ['type']],
      [`/orders/${orderId}/holds`, { type: 'CREDIT', reason: 'r'.repeat(501) }, ['reason']],
      [`/orders/${orderId}/holds/${holdId}/release`, { reason: '' }, ['reason']],
      [`/orders/${orderId}/booking/fail`, {}, ['reason']],
      [`/orders/${orderId}/booking/confirm`, { note: 'x' }, ['note']],
      [`/orders/${orderId}/shipment/pick`, { force: true }, ['force']],
    ])('POST %s %j → 400', async (path, body, fields) => expectValidationProblem(await post(path, body), ...fields));

    it.each([
      [{ quantity: 2.5 }, 'quantity'],
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: '3' }, 'quantity'],
      [{}, 'quantity'],
    ])('PUT a line with %j → 400', async (body, field) => {
      expectValidationProblem(await gateway.call('PUT', `/api/v1/orders/${orderId}/lines/${lineId}`, { key: 'dev-client', json: body }), field);
    });
  });

  describe('path parameters', () => {
    it.each([
      ['GET', '/orders/not-a-uuid', 'id'],
      ['GET', `/orders/${orderId.slice(0, -1)}/timeline`, 'id'],
      ['POST', '/orders/123/lines', 'id'],
      ['PUT', `/orders/${orderId}/lines/line-1`, 'lineId'],
      ['DELETE', `/orders/${orderId}/lines/${lineId}x`, 'lineId'],
      ['POST', `/orders/${orderId}/holds/hold-1/release`, 'holdId'],
      ['POST', "/orders/1' OR '1'='1/shipment/pick", 'id'],
      ['GET', '/orders/by-number/ORD-26-42', 'orderNumber'],
      ['GET', '/orders/by-number/order-2026-000042', 'orderNumber'],
    ])('%s %s → 400 naming %s', async (method, path, field) => {
      const body = method === 'GET' || method === 'DELETE' ? undefined : method === 'PUT' ? { quantity: 1 } : { reason: 'x', ...validLine };
      expectValidationProblem(await gateway.call(method, `/api/v1${path.replace(/ /g, '%20')}`, { key: 'dev-admin', json: body }), field);
    });
  });

  describe('query parameters', () => {
    it.each([
      ['status=bogus', 'status'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=', 'limit'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['createdTo=2026-02-30T00:00:00Z', 'createdTo'],
      ['createdFrom=2026-03-01T10:00:00', 'createdFrom'],
      [`cursor=${'c'.repeat(501)}`, 'cursor'],
      ['cursor=not-a-cursor', 'cursor'],
      ['customerId=', 'customerId'],
      ['status=pending&status=confirmed', 'status'],
      ['sort=desc', 'sort'],
    ])('GET /orders?%s → 400 naming %s', async (query, field) => {
      expectValidationProblem(await gateway.call('GET', `/api/v1/orders?${query}`, { key: 'dev-client' }), field);
    });

    it('accepts every filter together', async () => {
      const response = await gateway.call('GET', '/api/v1/orders?status=pending&customerId=c-1&createdFrom=2026-01-01T00:00:00Z&createdTo=2026-12-31&limit=100', { key: 'dev-client' });
      expect(response.status).toBe(200);
    });

    it.each(['yesterday', '2026-13-01T00:00:00Z', '', '1700000000', '2026-03-01T12:00:00'])('refuses asOf=%p', async (asOf) => {
      expectValidationProblem(await gateway.call('GET', `/api/v1/orders/${orderId}?asOf=${asOf}`, { key: 'dev-auditor' }), 'asOf');
    });

    it('lets only auditors and admins ask asOf', async () => {
      for (const key of ['dev-client', 'dev-operator']) {
        expect((await gateway.call('GET', `/api/v1/orders/${orderId}?asOf=2026-03-01T12:00:00Z`, { key })).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
    });
  });

  describe('headers', () => {
    it.each(['W/"3"', 'three', '"3", "4"', '"-1"', ''])('refuses If-Match %p with 400', async (ifMatch) => {
      const response = await gateway.call('POST', `/api/v1/orders/${orderId}/cancel`, { key: 'dev-client', json: { reason: 'OTHER' }, headers: { 'if-match': ifMatch } });
      expectValidationProblem(response, 'If-Match');
    });

    it.each(['k'.repeat(201), ''])('refuses Idempotency-Key of %#', async (key) => {
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder, headers: { 'idempotency-key': key } });
      expectValidationProblem(response, 'Idempotency-Key');
    });
  });
});
