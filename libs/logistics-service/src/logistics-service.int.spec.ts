import { Test, type TestingModule } from '@nestjs/testing';
import { derivedId, newId, streams, type AdvanceShipmentCommand } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, loadPlatformConfig, PLATFORM_CONFIG } from '@oms/platform';
import { createTestDatabase, eventually, OrderEvents, userContext, type TestDatabase } from '@oms/testing';
import { LogisticsServiceModule } from './logistics-service.module';
import { ShipmentOperations } from './shipment-operations';
import { ShipmentReactor } from './shipment-reactor';

describe('logistics service (PostgreSQL event store)', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let store: EventStore;
  let operations: ShipmentOperations;

  beforeAll(async () => {
    database = await createTestDatabase('logistics');
    app = await Test.createTestingModule({ imports: [LogisticsServiceModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(loadPlatformConfig({ DATABASE_URL: database.url }))
      .compile();
    await app.init();
    store = app.get(EVENT_STORE);
    operations = app.get(ShipmentOperations);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const shipmentOf = async (orderId: string) => (await store.readStream(streams.shipment(orderId))).map((event) => event.type);
  const step = (orderId: string, name: AdvanceShipmentCommand['step']) => operations.advance({ orderId, step: name, context: userContext('operator') });

  async function confirmedOrder(): Promise<OrderEvents> {
    const order = new OrderEvents();
    const lines = [order.line('physical', 1_000, 3), order.line('digital')];
    await store.append(order.streamId, [order.placed(lines), order.confirmed(lines)], { expected: 'no_stream' });
    await eventually(async () => expect(await shipmentOf(order.orderId)).toEqual(['ShipmentCreated']));
    return order;
  }

  it('creates one shipment with the physical lines only, once however often the confirmation comes', async () => {
    const order = await confirmedOrder();
    const [created] = await store.readStream(streams.shipment(order.orderId));
    expect((created.data as { lines: unknown[] }).lines).toEqual([expect.objectContaining({ sku: 'SKU-physical', quantity: 3 })]);
    const [, confirmation] = await store.readStream(order.streamId);
    await app.get(ShipmentReactor).react(confirmation);
    expect(await shipmentOf(order.orderId)).toEqual(['ShipmentCreated']);
    expect((await app.get(HealthRegistry).report()).checks['subscription:logistics']).toEqual({ status: 'up' });
  });

  it('creates no shipment for an order without physical lines', async () => {
    const digital = new OrderEvents();
    const lines = [digital.line('digital'), digital.line('travel')];
    await store.append(digital.streamId, [digital.placed(lines), digital.confirmed(lines)], { expected: 'no_stream' });
    await confirmedOrder(); // processed after it, in global order
    expect(await shipmentOf(digital.orderId)).toEqual([]);
    await expect(step(digital.orderId, 'pick')).rejects.toMatchObject({ code: 'SHIPMENT_NOT_FOUND' });
  });

  it('moves the shipment step by step, refusing steps out of order, and answers with the row', async () => {
    const { orderId } = await confirmedOrder();
    await expect(step(orderId, 'ship')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await step(orderId, 'pick')).toMatchObject({ orderId, module: 'logistics', state: 'picked', updatedAt: expect.any(String) });
    await step(orderId, 'pack');
    await step(orderId, 'ship');
    await step(orderId, 'deliver');
    expect(await step(orderId, 'return')).toMatchObject({ state: 'returned' });
    const stepped = await store.readStream(streams.shipment(orderId));
    expect(stepped.map((event) => event.type)).toEqual(['ShipmentCreated', 'ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped', 'ShipmentDelivered', 'ShipmentReturned']);
    expect(stepped[1].metadata.actor).toEqual({ type: 'user', id: 'dev-operator', role: 'operator' });
  });

  it('refuses an unknown order, a held order and a malformed command', async () => {
    await expect(step(newId(), 'pick')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const order = await confirmedOrder();
    const holdId = newId();
    await store.append(order.streamId, [order.holdPlaced(holdId)], { expected: 1 });
    await expect(step(order.orderId, 'pick')).rejects.toMatchObject({ code: 'ORDER_ON_HOLD' });
    await store.append(order.streamId, [order.holdReleased(holdId)], { expected: 2 });
    expect(await step(order.orderId, 'pick')).toMatchObject({ state: 'picked' });
    await expect(operations.advance({ orderId: order.orderId, step: 'teleport', context: userContext('operator') } as unknown as AdvanceShipmentCommand)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(operations.advance({ orderId: 'nope', step: 'pick' } as unknown as AdvanceShipmentCommand)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('stops a shipment still in the warehouse when the order is cancelled, but not one that left', async () => {
    const stopped = await confirmedOrder();
    await step(stopped.orderId, 'pick');
    await store.append(stopped.streamId, [stopped.cancelled()], { expected: 1 });
    await eventually(async () => expect(await shipmentOf(stopped.orderId)).toEqual(['ShipmentCreated', 'ShipmentPicked', 'ShipmentCancelled']));

    const gone = await confirmedOrder();
    for (const name of ['pick', 'pack', 'ship'] as const) await step(gone.orderId, name);
    await store.append(gone.streamId, [gone.cancelled()], { expected: 1 });
    await confirmedOrder(); // processed after it
    expect(await shipmentOf(gone.orderId)).toEqual(['ShipmentCreated', 'ShipmentPicked', 'ShipmentPacked', 'ShipmentShipped']);
    // The parcel still arrives (or comes back): those steps stay possible.
    expect(await step(gone.orderId, 'deliver')).toMatchObject({ state: 'delivered' });
  });

  it('applies an order’s cancellation itself before a step, even ahead of its own subscription', async () => {
    const order = await confirmedOrder();
    await app.get(ShipmentReactor).beforeApplicationShutdown(); // the subscription is behind, as after a pause
    try {
      const cancelled = order.cancelled();
      await store.append(order.streamId, [cancelled], { expected: 1 });
      await expect(step(order.orderId, 'pick')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      const [, stopped] = await store.readStream(streams.shipment(order.orderId));
      expect(stopped).toMatchObject({ type: 'ShipmentCancelled', eventId: derivedId(cancelled.eventId, 'logistics', '0') });
    } finally {
      app.get(ShipmentReactor).onApplicationBootstrap();
    }
    // The subscription then meets the same cancellation and appends nothing more.
    const marker = await confirmedOrder();
    expect(marker).toBeDefined();
    expect(await shipmentOf(order.orderId)).toEqual(['ShipmentCreated', 'ShipmentCancelled']);
  });
});
