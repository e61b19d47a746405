import { Test, type TestingModule } from '@nestjs/testing';
import type { EventStore } from '@oms/event-store';
import { streams } from '@oms/contracts';
import { EVENT_STORE, HealthRegistry, loadPlatformConfig, PLATFORM_CONFIG } from '@oms/platform';
import { createTestDatabase, eventually, OrderEvents, type TestDatabase } from '@oms/testing';
import { FinanceServiceModule } from './finance-service.module';
import { InvoiceReactor } from './invoice-reactor';

describe('finance service (PostgreSQL event store)', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase('finance');
    app = await Test.createTestingModule({ imports: [FinanceServiceModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(loadPlatformConfig({ DATABASE_URL: database.url }))
      .compile();
    await app.init();
    store = app.get(EVENT_STORE);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const invoiceOf = async (orderId: string) => (await store.readStream(streams.invoice(orderId))).map((event) => event.type);

  it('issues and settles the invoice of a confirmed order, refunds it on cancellation, each once', async () => {
    const order = new OrderEvents();
    const lines = [order.line('physical', 2_500, 2), order.line('travel', 10_000)];
    const confirmed = order.confirmed(lines);
    await store.append(order.streamId, [order.placed(lines), confirmed], { expected: 'no_stream' });

    await eventually(async () => expect(await invoiceOf(order.orderId)).toEqual(['InvoiceIssued', 'InvoicePaid']));
    const [issued, paid] = await store.readStream(streams.invoice(order.orderId));
    expect(issued.data).toMatchObject({ orderId: order.orderId, amount: 15_000, currency: 'EUR' });
    expect(paid.data).toMatchObject({ paymentId: `pay-${order.orderId}`, amount: 15_000 });
    expect(issued.metadata).toMatchObject({
      orderId: order.orderId,
      correlationId: order.correlationId,
      causationId: confirmed.eventId,
      actor: { type: 'service', id: 'finance', role: 'service' },
    });

    // The bus is at-least-once: the very same event delivered again appends nothing.
    const [, recordedConfirmation] = await store.readStream(order.streamId);
    await app.get(InvoiceReactor).react(recordedConfirmation);
    expect(await invoiceOf(order.orderId)).toEqual(['InvoiceIssued', 'InvoicePaid']);

    // Nor does a second confirmation (another event with the same meaning).
    await store.append(order.streamId, [{ ...order.confirmed(lines) }], { expected: 1 });
    await store.append(order.streamId, [order.cancelled()], { expected: 2 });
    await eventually(async () => expect(await invoiceOf(order.orderId)).toEqual(['InvoiceIssued', 'InvoicePaid', 'InvoiceRefunded']));
    const [, , refunded] = await store.readStream(streams.invoice(order.orderId));
    expect(refunded.data).toMatchObject({ amount: 15_000, reason: 'CUSTOMER_REQUEST' });

    const report = await app.get(HealthRegistry).report();
    expect(report.checks['subscription:finance']).toEqual({ status: 'up' });
  });

  it('gives an order cancelled before confirmation no invoice', async () => {
    const order = new OrderEvents();
    const lines = [order.line('digital')];
    await store.append(order.streamId, [order.placed(lines), order.cancelled('pending')], { expected: 'no_stream' });
    const marker = new OrderEvents();
    await store.append(marker.streamId, [marker.placed(lines), marker.confirmed(lines)], { expected: 'no_stream' });
    await eventually(async () => expect(await invoiceOf(marker.orderId)).toHaveLength(2));
    expect(await invoiceOf(order.orderId)).toEqual([]);
  });
});
