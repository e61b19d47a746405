import { Test, type TestingModule } from '@nestjs/testing';
import { derivedId, newId, streams, type AdvanceBookingCommand } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, loadPlatformConfig, PLATFORM_CONFIG } from '@oms/platform';
import { createTestDatabase, eventually, OrderEvents, userContext, type TestDatabase } from '@oms/testing';
import { BookingOperations } from './booking-operations';
import { BookingReactor } from './booking-reactor';
import { TravelServiceModule } from './travel-service.module';

describe('travel service (PostgreSQL event store)', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let store: EventStore;
  let operations: BookingOperations;

  beforeAll(async () => {
    database = await createTestDatabase('travel');
    app = await Test.createTestingModule({ imports: [TravelServiceModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(loadPlatformConfig({ DATABASE_URL: database.url }))
      .compile();
    await app.init();
    store = app.get(EVENT_STORE);
    operations = app.get(BookingOperations);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const bookingOf = async (orderId: string) => (await store.readStream(streams.booking(orderId))).map((event) => event.type);
  const step = (orderId: string, name: AdvanceBookingCommand['step'], reason?: string) => operations.advance({ orderId, step: name, reason, context: userContext('operator') });

  async function confirmedOrder(): Promise<OrderEvents> {
    const order = new OrderEvents();
    const lines = [order.line('travel', 20_000), order.line('physical')];
    await store.append(order.streamId, [order.placed(lines), order.confirmed(lines)], { expected: 'no_stream' });
    await eventually(async () => expect(await bookingOf(order.orderId)).toEqual(['BookingReserved']));
    return order;
  }

  it('reserves the travel lines at once, once however often the confirmation comes', async () => {
    const order = await confirmedOrder();
    const [reserved] = await store.readStream(streams.booking(order.orderId));
    expect((reserved.data as { lines: unknown[] }).lines).toEqual([expect.objectContaining({ sku: 'SKU-travel', description: 'travel' })]);
    const [, confirmation] = await store.readStream(order.streamId);
    await app.get(BookingReactor).react(confirmation);
    expect(await bookingOf(order.orderId)).toEqual(['BookingReserved']);
    expect((await app.get(HealthRegistry).report()).checks['subscription:travel']).toEqual({ status: 'up' });
  });

  it('confirms, then records the trip; refuses other orders of steps and orders without travel', async () => {
    const { orderId } = await confirmedOrder();
    await expect(step(orderId, 'travel')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await step(orderId, 'confirm')).toMatchObject({ orderId, module: 'travel', state: 'confirmed' });
    expect(await step(orderId, 'travel')).toMatchObject({ state: 'travelled' });
    await expect(step(orderId, 'fail', 'too late')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    const other = new OrderEvents();
    const lines = [other.line('physical')];
    await store.append(other.streamId, [other.placed(lines), other.confirmed(lines)], { expected: 'no_stream' });
    await expect(step(other.orderId, 'confirm')).rejects.toMatchObject({ code: 'BOOKING_NOT_FOUND' });
    await expect(step(newId(), 'confirm')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('records a supplier’s rejection with its reason, which it requires', async () => {
    const { orderId } = await confirmedOrder();
    await expect(step(orderId, 'fail')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(step(orderId, 'fail', '   ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await step(orderId, 'fail', 'no seats left')).toMatchObject({ state: 'cancelled' });
    const [, failed] = await store.readStream(streams.booking(orderId));
    expect(failed).toMatchObject({ type: 'BookingFailed', data: { reason: 'no seats left' } });
  });

  it('cancels the booking with the order, unless the trip was taken, and refuses steps on held orders', async () => {
    const cancelled = await confirmedOrder();
    await step(cancelled.orderId, 'confirm');
    await store.append(cancelled.streamId, [cancelled.cancelled()], { expected: 1 });
    await eventually(async () => expect(await bookingOf(cancelled.orderId)).toEqual(['BookingReserved', 'BookingConfirmed', 'BookingCancelled']));

    const held = await confirmedOrder();
    await store.append(held.streamId, [held.holdPlaced(newId())], { expected: 1 });
    await expect(step(held.orderId, 'confirm')).rejects.toMatchObject({ code: 'ORDER_ON_HOLD' });
  });

  it('applies an order’s cancellation itself before a step, with the reactor’s own event ids', async () => {
    const order = await confirmedOrder();
    await app.get(BookingReactor).beforeApplicationShutdown();
    try {
      const cancelled = order.cancelled();
      await store.append(order.streamId, [cancelled], { expected: 1 });
      await expect(step(order.orderId, 'confirm')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      const [, stopped] = await store.readStream(streams.booking(order.orderId));
      expect(stopped).toMatchObject({ type: 'BookingCancelled', eventId: derivedId(cancelled.eventId, 'travel', '0') });
    } finally {
      app.get(BookingReactor).onApplicationBootstrap();
    }
    await confirmedOrder();
    expect(await bookingOf(order.orderId)).toEqual(['BookingReserved', 'BookingCancelled']);
  });
});
