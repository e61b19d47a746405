import { DomainError, isUuid, logisticsPatterns, orderingPatterns, travelPatterns } from '@oms/contracts';
import { apiKeyId } from '../auth/api-key-ring';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test';
import { orderView } from '../testing/order-fixtures';
import { holdId, lineId, validLine, validPlaceOrder } from '../testing/routes';
import { orderHistoryPatterns } from './order-history';

describe('order commands through the gateway (fake services behind it)', () => {
  let ordering: FakeService;
  let logistics: FakeService;
  let travel: FakeService;
  let gateway: GatewayUnderTest;
  const order = orderView({ version: 3 });

  beforeAll(async () => {
    ordering = await startFakeService([...Object.values(orderingPatterns), ...Object.values(orderHistoryPatterns)]);
    logistics = await startFakeService([logisticsPatterns.advance]);
    travel = await startFakeService([travelPatterns.advance]);
    gateway = await startGatewayUnderTest({ ORDERING_ADDRESS: ordering.address, LOGISTICS_ADDRESS: logistics.address, TRAVEL_ADDRESS: travel.address });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([ordering?.close(), logistics?.close(), travel?.close()]);
  });
  beforeEach(() => {
    for (const service of [ordering, logistics, travel]) service.received.length = 0;
    for (const pattern of Object.values(orderingPatterns)) ordering.handle(pattern, () => ({ order }));
  });

  describe('placing', () => {
    it('sends the place command with who and which request, and answers 201 with Location and ETag', async () => {
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder, headers: { 'x-correlation-id': 'trace-1' } });
      expect(response.status).toBe(201);
      expect(response.body).toEqual(order);
      expect(response.headers.get('location')).toBe(`/api/v1/orders/${order.id}`);
      expect(response.headers.get('etag')).toBe('"3"');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(ordering.received).toEqual([{ pattern: orderingPatterns.place, payload: { ...validPlaceOrder, context: expect.any(Object) } }]);
      const { context } = ordering.received[0].payload;
      expect(context).toEqual({ correlationId: 'trace-1', commandId: expect.any(String), causationId: context.commandId, actor: { type: 'user', id: apiKeyId('dev-client'), role: 'client' } });
      expect(isUuid(context.commandId)).toBe(true);
    });

    it('answers 200 for a repeated intent (the existing order)', async () => {
      ordering.handle(orderingPatterns.place, () => ({ order, existing: true }));
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: validPlaceOrder });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(order);
    });

    it('sends no lines as an empty list', async () => {
      await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: { customerId: 'c', currency: 'EUR' } });
      expect(ordering.received[0].payload).toEqual({ customerId: 'c', currency: 'EUR', lines: [], context: expect.any(Object) });
    });
  });

  describe('commands on an order', () => {
    it.each([
      ['POST', `/lines`, validLine, orderingPatterns.addLine, { line: validLine }],
      ['PUT', `/lines/${lineId}`, { quantity: 4 }, orderingPatterns.changeLineQuantity, { lineId, quantity: 4 }],
      ['DELETE', `/lines/${lineId}`, undefined, orderingPatterns.removeLine, { lineId }],
      ['POST', '/payments', { paymentId: 'pay-1', amount: 2500, currency: 'EUR' }, orderingPatterns.recordPayment, { paymentId: 'pay-1', amount: 2500, currency: 'EUR' }],
      ['POST', '/cancel', { reason: 'CUSTOMER_REQUEST' }, orderingPatterns.requestCancellation, { reason: 'CUSTOMER_REQUEST' }],
      ['POST', `/holds/${holdId}/release`, { reason: 'ok now' }, orderingPatterns.releaseHold, { holdId, reason: 'ok now' }],
    ])('%s …%s → %s, 200 with the order and its ETag', async (method, suffix, body, pattern, fields) => {
      const key = pattern === orderingPatterns.releaseHold ? 'dev-operator' : 'dev-client';
      const response = await gateway.call(method, `/api/v1/orders/${order.id}${suffix}`, { key, json: body, headers: { 'if-match': '"3"' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(order);
      expect(response.headers.get('etag')).toBe('"3"');
      expect(ordering.received).toEqual([{ pattern, payload: { orderId: order.id, expectedVersion: 3, ...fields, context: expect.any(Object) } }]);
    });

    it.each([
      ['"7"', 7],
      ['7', 7],
      ['*', undefined],
      [undefined, undefined],
    ])('If-Match %p → expectedVersion %p', async (ifMatch, expectedVersion) => {
      await gateway.call('POST', `/api/v1/orders/${order.id}/cancel`, { key: 'dev-client', json: { reason: 'OTHER' }, headers: ifMatch ? { 'if-match': ifMatch } : {} });
      expect(ordering.received[0].payload.expectedVersion).toBe(expectedVersion);
    });

    it('answers a hold with the order and the new hold id', async () => {
      ordering.handle(orderingPatterns.placeHold, () => ({ order, holdId }));
      const response = await gateway.call('POST', `/api/v1/orders/${order.id}/holds`, { key: 'dev-operator', json: { type: 'FRAUD', reason: 'check' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...order, holdId });
      expect(response.headers.get('etag')).toBe('"3"');
      expect(ordering.received[0].payload).toEqual({ orderId: order.id, type: 'FRAUD', reason: 'check', context: expect.any(Object) });
    });

    it.each([
      ['ORDER_NOT_FOUND', 404],
      ['LINE_NOT_FOUND', 404],
      ['INVALID_TRANSITION', 409],
      ['ORDER_ON_HOLD', 409],
      ['CANCELLATION_NOT_ALLOWED', 409],
      ['CONCURRENCY_CONFLICT', 409],
      ['ORDER_EMPTY', 422],
      ['PAYMENT_MISMATCH', 422],
    ] as const)('maps the service refusal %s to %i', async (code, status) => {
      ordering.handle(orderingPatterns.recordPayment, () => {
        throw new DomainError(code, `refused: ${code}`);
      });
      const response = await gateway.call('POST', `/api/v1/orders/${order.id}/payments`, { key: 'dev-client', json: { paymentId: 'p', amount: 1, currency: 'EUR' } });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('etag')).toBeNull();
      expect(response.body).toEqual({ type: `urn:oms:problem:${code.toLowerCase().replace(/_/g, '-')}`, title: expect.any(String), status, detail: `refused: ${code}`, code });
    });

    it('passes on the per-field errors of a service validation (an unknown currency)', async () => {
      ordering.handle(orderingPatterns.place, () => {
        throw new DomainError('VALIDATION_FAILED', 'XXQ is not an ISO 4217 currency', [{ field: 'currency', message: 'is not an ISO 4217 currency' }]);
      });
      const response = await gateway.call('POST', '/api/v1/orders', { key: 'dev-client', json: { ...validPlaceOrder, currency: 'XXQ' } });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'currency', message: 'is not an ISO 4217 currency' }]);
    });

    it('turns a crash inside the service into 503, never 500', async () => {
      ordering.handle(orderingPatterns.addLine, () => {
        throw new TypeError('boom at line 12');
      });
      const response = await gateway.call('POST', `/api/v1/orders/${order.id}/lines`, { key: 'dev-client', json: validLine });
      expect(response.status).toBe(503);
      expect(response.text).not.toContain('boom');
    });
  });

  describe('module operations', () => {
    const row = { orderId: order.id, module: 'logistics', state: 'picked', updatedAt: '2026-03-01T11:00:00.000Z' };

    it.each(['pick', 'pack', 'ship', 'deliver', 'return'])('shipment/%s goes to logistics', async (step) => {
      logistics.handle(logisticsPatterns.advance, () => row);
      const response = await gateway.call('POST', `/api/v1/orders/${order.id}/shipment/${step}`, { key: 'dev-operator' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(row);
      expect(logistics.received).toEqual([{ pattern: logisticsPatterns.advance, payload: { orderId: order.id, step, context: expect.objectContaining({ actor: expect.objectContaining({ role: 'operator' }) }) } }]);
    });

    it.each([
      ['confirm', {}, {}],
      ['travel', undefined, {}],
      ['fail', { reason: 'no seats' }, { reason: 'no seats' }],
    ])('booking/%s goes to travel', async (step, body, fields) => {
      travel.handle(travelPatterns.advance, () => ({ ...row, module: 'travel', state: 'confirmed' }));
      const response = await gateway.call('POST', `/api/v1/orders/${order.id}/booking/${step}`, { key: 'dev-admin', json: body });
      expect(response.status).toBe(200);
      expect(travel.received).toEqual([{ pattern: travelPatterns.advance, payload: { orderId: order.id, step, ...fields, context: expect.any(Object) } }]);
    });

    it('maps INVALID_TRANSITION and ORDER_ON_HOLD from logistics to 409', async () => {
      for (const code of ['INVALID_TRANSITION', 'ORDER_ON_HOLD'] as const) {
        logistics.handle(logisticsPatterns.advance, () => {
          throw new DomainError(code, 'no');
        });
        expect((await gateway.call('POST', `/api/v1/orders/${order.id}/shipment/deliver`, { key: 'dev-operator' })).body).toMatchObject({ status: 409, code });
      }
    });
  });

  describe('audit reads', () => {
    it('asks the ordering service for the order as of a time', async () => {
      ordering.handle(orderHistoryPatterns.asOf, () => order);
      const response = await gateway.call('GET', `/api/v1/orders/${order.id}?asOf=${encodeURIComponent('2026-03-01T12:00:00+01:00')}`, { key: 'dev-auditor' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(order);
      expect(ordering.received).toEqual([{ pattern: orderHistoryPatterns.asOf, payload: { orderId: order.id, at: '2026-03-01T11:00:00.000Z' } }]);
    });

    it('asks the ordering service for the history, 404 when it knows no such order', async () => {
      const page = { orderId: order.id, events: [{ eventId: 'e-1', type: 'OrderPlaced', data: {}, metadata: {} }], nextAfter: null };
      ordering.handle(orderHistoryPatterns.history, () => page);
      expect((await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-admin' })).body).toEqual(page);
      ordering.handle(orderHistoryPatterns.history, () => {
        throw new DomainError('ORDER_NOT_FOUND', 'no order');
      });
      expect((await gateway.call('GET', `/api/v1/orders/${order.id}/history`, { key: 'dev-auditor' })).body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    });
  });
});
