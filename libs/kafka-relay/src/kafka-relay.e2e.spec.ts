import { createTestDatabase, platformServices, startSystem, type SystemUnderTest, type TestDatabase } from '@oms/testing';
import { topicsOf, type OmsCloudEvent } from './cloud-event';
import { consumeUntil, describeWithKafka, startOwnBroker, uniquePrefix, type Received } from './testing/kafka.fixtures';

jest.setTimeout(180_000);

const client = 'dev-client';

/** The whole platform as `npm start` runs it with KAFKA_BROKERS set: what a Kafka consumer sees of an order. */
describeWithKafka('Kafka topics of the running platform', () => {
  let broker: Awaited<ReturnType<typeof startOwnBroker>>;
  let database: TestDatabase;
  let system: SystemUnderTest;
  const prefix = uniquePrefix('e2e');

  beforeAll(async () => {
    // A broker of its own: this spec stops it.
    broker = await startOwnBroker();
    database = await createTestDatabase('kafka_e2e');
    system = await startSystem({
      databaseUrl: database.url,
      env: { KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: prefix },
      services: [...platformServices, 'kafka-relay'],
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await broker?.dispose();
    await database?.drop();
  }, 60_000);

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${system.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${client}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function placeOrder(): Promise<{ id: string; total: number }> {
    const placed = await api('POST', '/api/v1/orders', {
      customerId: 'kafka-e2e',
      currency: 'EUR',
      lines: [{ sku: 'EBOOK-1', productType: 'digital', quantity: 1, unitPrice: 1999 }],
    });
    expect(placed.status).toBe(201);
    return { id: placed.body.id as string, total: (placed.body.totals as { total: number }).total };
  }

  async function readiness(): Promise<{ status: number; text: string }> {
    const response = await fetch(`${system.baseUrl}/health/ready`);
    return { status: response.status, text: await response.text() };
  }

  async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}\n${system.output('kafka-relay').slice(-3000)}`);
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }

  const typesOf = (received: readonly Received[], orderId: string) =>
    received.filter((message) => message.event.subject === orderId).map((message) => message.event.type);

  it('publishes an order placed and paid through the API, on every module topic, as it happens', async () => {
    const order = await placeOrder();
    const paid = await api('POST', `/api/v1/orders/${order.id}/payments`, { paymentId: `pay-${order.id}`, amount: order.total, currency: 'EUR' });
    expect(paid.status).toBeLessThan(300);

    // A digital order completes on its own once finance has it paid.
    const received = await consumeUntil(broker.brokers, topicsOf(prefix), (messages) => typesOf(messages, order.id).includes('oms.ordering.OrderCompleted.v1') && typesOf(messages, order.id).filter((type) => type === 'oms.notification.NotificationSent.v1').length >= 2);
    const mine = received.filter((message) => message.event.subject === order.id);
    const byTopic = (module: string) => mine.filter((message) => message.topic === `${prefix}.${module}`).map((message) => message.event.type);
    expect(byTopic('ordering')).toEqual(expect.arrayContaining(['oms.ordering.OrderPlaced.v1', 'oms.ordering.OrderConfirmed.v1', 'oms.ordering.OrderFulfillmentStarted.v1', 'oms.ordering.OrderCompleted.v1']));
    expect(byTopic('ordering').indexOf('oms.ordering.OrderPlaced.v1')).toBeLessThan(byTopic('ordering').indexOf('oms.ordering.OrderCompleted.v1'));
    expect(byTopic('finance')).toEqual(['oms.finance.InvoiceIssued.v1', 'oms.finance.InvoicePaid.v1']);
    expect(byTopic('notification')).toEqual(['oms.notification.NotificationSent.v1', 'oms.notification.NotificationSent.v1']);
    expect(byTopic('logistics')).toEqual([]);

    const placed = mine.find((message) => message.event.type === 'oms.ordering.OrderPlaced.v1')!.event as OmsCloudEvent<{ orderId: string; customerId: string }>;
    expect(placed).toMatchObject({ specversion: '1.0', source: '/oms/ordering', subject: order.id, datacontenttype: 'application/json', data: { orderId: order.id, customerId: 'kafka-e2e' } });
    // Two requests (place, pay): everything the payment caused carries the payment's correlation id.
    const confirmed = mine.find((message) => message.event.type === 'oms.ordering.OrderConfirmed.v1')!.event;
    const requests = new Set([placed.correlationid, confirmed.correlationid]);
    expect(requests.size).toBe(2);
    expect(mine.filter((message) => !requests.has(message.event.correlationid))).toEqual([]);
    const sequences = mine.filter((message) => message.topic === `${prefix}.ordering`).map((message) => BigInt(message.event.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('reports Kafka down in /health/ready while the broker is away, keeps taking orders, and publishes them once it is back', async () => {
    await broker.stop();
    await until(async () => {
      const { status, text } = await readiness();
      return status === 503 && text.includes('kafka');
    }, 30_000, '/health/ready reports Kafka down');

    // Orders do not wait for Kafka.
    const order = await placeOrder();

    await broker.start();
    await until(async () => (await readiness()).status === 200, 60_000, '/health/ready is up again');
    const received = await consumeUntil(broker.brokers, topicsOf(prefix), (messages) => typesOf(messages, order.id).includes('oms.ordering.OrderPlaced.v1'));
    expect(typesOf(received, order.id)).toContain('oms.ordering.OrderPlaced.v1');
  });
});
