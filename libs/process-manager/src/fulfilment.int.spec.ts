import type { INestApplicationContext } from '@nestjs/common';
import {
  logisticsPatterns,
  orderingPatterns,
  streams,
  travelPatterns,
  type AdvanceBookingCommand,
  type AdvanceShipmentCommand,
  type ModuleRowReply,
  type NewOrderLine,
  type OrderCommandReply,
} from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { FinanceServiceModule } from '@oms/finance-service';
import { LogisticsServiceModule } from '@oms/logistics-service';
import { NotificationServiceModule } from '@oms/notification-service';
import type { OrderView } from '@oms/ordering-domain';
import { OrderingServiceModule } from '@oms/ordering-service';
import { EVENT_STORE, PG_POOL, ServiceClient } from '@oms/platform';
import { createTestDatabase, eventually, userContext, type TestDatabase } from '@oms/testing';
import { TravelServiceModule } from '@oms/travel-service';
import type { Pool } from 'pg';
import { startContext, startService, useTestEnvironment } from './platform.fixtures';
import { ProcessManagerModule } from './process-manager.module';

const physical: NewOrderLine = { sku: 'BOOK-1', productType: 'physical', quantity: 2, unitPrice: 1_250, description: 'a book' };
const trip: NewOrderLine = { sku: 'TRIP-LIS', productType: 'travel', quantity: 1, unitPrice: 20_000, description: 'Lisbon' };
const ebook: NewOrderLine = { sku: 'EBOOK-1', productType: 'digital', quantity: 1, unitPrice: 999, description: 'an e-book' };

/** The services downstream of the order, restartable as a group. */
async function startModules(): Promise<INestApplicationContext[]> {
  return [
    await startContext(FinanceServiceModule),
    await startService('logistics', LogisticsServiceModule),
    await startService('travel', TravelServiceModule),
    await startContext(NotificationServiceModule),
  ];
}

describe('fulfilment: ordering, finance, logistics, travel and the process manager together', () => {
  let database: TestDatabase;
  const apps: INestApplicationContext[] = [];
  let processManager: INestApplicationContext | undefined;
  let store: EventStore;
  let ordering: ServiceClient;
  let logistics: ServiceClient;
  let travel: ServiceClient;

  beforeAll(async () => {
    database = await createTestDatabase('fulfilment');
    await useTestEnvironment(database.url, { PAYMENT_TIMEOUT: '1s' });
    const orderingApp = await startService('ordering', OrderingServiceModule);
    apps.push(orderingApp, ...(await startModules()));
    processManager = await startContext(ProcessManagerModule);
    store = orderingApp.get(EVENT_STORE);
    ordering = new ServiceClient('ordering');
    logistics = new ServiceClient('logistics');
    travel = new ServiceClient('travel');
  }, 30_000);

  afterAll(async () => {
    await Promise.all([ordering, logistics, travel].map((client) => client?.close()));
    await processManager?.close();
    for (const app of apps.reverse()) await app.close();
    await database?.drop();
  });

  async function place(lines: NewOrderLine[]): Promise<OrderView> {
    const { order } = await ordering.send<OrderCommandReply<OrderView>>(orderingPatterns.place, { customerId: 'c-7', currency: 'EUR', lines, context: userContext() });
    return order;
  }

  async function placeAndPay(lines: NewOrderLine[]): Promise<OrderView> {
    const placed = await place(lines);
    const { order } = await ordering.send<OrderCommandReply<OrderView>>(orderingPatterns.recordPayment, {
      orderId: placed.id,
      paymentId: `pay-${placed.id}`,
      amount: placed.totals.total,
      currency: 'EUR',
      context: userContext(),
    });
    expect(order.status).toBe('confirmed');
    return order;
  }

  const pool = () => apps[0].get<Pool>(PG_POOL);
  const orderEvents = async (orderId: string) => (await store.readStream(streams.order(orderId))).map((event) => event.type);
  const notified = async (orderId: string) => (await store.readStream(streams.notification(orderId))).map((event) => (event.data as { kind: string }).kind);
  const types = async (streamId: string) => (await store.readStream(streamId)).map((event) => event.type);

  const shipment = (orderId: string, step: AdvanceShipmentCommand['step']) =>
    logistics.send<ModuleRowReply>(logisticsPatterns.advance, { orderId, step, context: userContext('operator') } satisfies AdvanceShipmentCommand);
  const booking = (orderId: string, step: AdvanceBookingCommand['step'], reason?: string) =>
    travel.send<ModuleRowReply>(travelPatterns.advance, { orderId, step, reason, context: userContext('operator') } satisfies AdvanceBookingCommand);

  async function statusOf(orderId: string): Promise<string | undefined> {
    const events = await orderEvents(orderId);
    const last = [...events].reverse().find((type) => ['OrderPlaced', 'OrderConfirmed', 'OrderFulfillmentStarted', 'OrderCompleted', 'OrderCancelled'].includes(type));
    return { OrderPlaced: 'pending', OrderConfirmed: 'confirmed', OrderFulfillmentStarted: 'fulfilling', OrderCompleted: 'completed', OrderCancelled: 'cancelled' }[last ?? ''];
  }

  it('takes a physical and travel order from payment to completed through the modules', async () => {
    const { id } = await placeAndPay([physical, trip]);
    await eventually(async () => expect(await statusOf(id)).toBe('fulfilling'));
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated']));
    await eventually(async () => expect(await types(streams.booking(id))).toEqual(['BookingReserved']));
    expect(await types(streams.invoice(id))).toEqual(['InvoiceIssued', 'InvoicePaid']);

    for (const step of ['pick', 'pack', 'ship'] as const) await shipment(id, step);
    await expect(shipment(id, 'pick')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await booking(id, 'confirm')).toMatchObject({ orderId: id, module: 'travel', state: 'confirmed' });
    expect(await shipment(id, 'deliver')).toMatchObject({ orderId: id, module: 'logistics', state: 'delivered' });
    expect(await statusOf(id)).not.toBe('completed');
    await booking(id, 'travel');

    await eventually(async () => expect(await statusOf(id)).toBe('completed'));
    const recorded = (await store.readStream(streams.order(id))).filter((event) => event.type === 'OrderModuleStateRecorded');
    expect(recorded.map((event) => `${(event.data as { module: string }).module}:${(event.data as { state: string }).state}`)).toEqual(
      expect.arrayContaining(['finance:issued', 'finance:paid', 'logistics:waiting', 'logistics:delivered', 'travel:reserved', 'travel:travelled']),
    );
    expect(recorded[0].metadata.actor).toEqual({ type: 'service', id: 'process-manager', role: 'service' });
    const [invoiceIssued] = await store.readStream(streams.invoice(id));
    const fromIssue = recorded.find((event) => (event.data as { sourceEventId: string }).sourceEventId === invoiceIssued.eventId);
    expect(fromIssue?.metadata).toMatchObject({ causationId: invoiceIssued.eventId, correlationId: invoiceIssued.metadata.correlationId });
    await eventually(async () => expect(await notified(id)).toEqual(['order_confirmed', 'order_completed']));
  });

  it('completes a digital-only order on the invoice alone', async () => {
    const { id } = await placeAndPay([ebook]);
    await eventually(async () => expect(await statusOf(id)).toBe('completed'));
    expect(await types(streams.shipment(id))).toEqual([]);
    expect(await types(streams.booking(id))).toEqual([]);
  });

  it('undoes every module when a confirmed order is cancelled, and refuses steps afterwards', async () => {
    const { id } = await placeAndPay([physical, trip]);
    await eventually(async () => expect(await types(streams.booking(id))).toEqual(['BookingReserved']));
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated']));
    await shipment(id, 'pick');
    await ordering.send(orderingPatterns.requestCancellation, { orderId: id, reason: 'CUSTOMER_REQUEST', context: userContext() });

    await eventually(async () => expect(await types(streams.invoice(id))).toEqual(['InvoiceIssued', 'InvoicePaid', 'InvoiceRefunded']));
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated', 'ShipmentPicked', 'ShipmentCancelled']));
    await eventually(async () => expect(await types(streams.booking(id))).toEqual(['BookingReserved', 'BookingCancelled']));
    await expect(shipment(id, 'pack')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(booking(id, 'confirm')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // The order hears of each compensation; the order itself stays cancelled.
    await eventually(async () => {
      const recorded = (await store.readStream(streams.order(id))).filter((event) => event.type === 'OrderModuleStateRecorded').map((event) => (event.data as { state: string }).state);
      expect(recorded).toEqual(expect.arrayContaining(['refunded', 'cancelled']));
    });
    expect(await statusOf(id)).toBe('cancelled');
    await eventually(async () => expect(await notified(id)).toEqual(['order_confirmed', 'order_cancelled']));
  });

  it('turns a failed booking into the order’s cancellation (BOOKING_FAILED) and its compensations', async () => {
    const { id } = await placeAndPay([physical, trip]);
    await eventually(async () => expect(await types(streams.booking(id))).toEqual(['BookingReserved']));
    await expect(booking(id, 'fail')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await booking(id, 'fail', 'no seats left')).toMatchObject({ state: 'cancelled' });

    await eventually(async () => expect(await statusOf(id)).toBe('cancelled'));
    const cancelled = (await store.readStream(streams.order(id))).find((event) => event.type === 'OrderCancelled');
    expect(cancelled?.data).toMatchObject({ reason: 'BOOKING_FAILED', note: 'no seats left' });
    await eventually(async () => expect(await types(streams.invoice(id))).toContain('InvoiceRefunded'));
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated', 'ShipmentCancelled']));
  });

  it('refuses operator steps on unknown orders, held orders and orders without the module', async () => {
    await expect(shipment('0190a5b4-0000-7000-8000-000000000000', 'pick')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const digital = await placeAndPay([ebook]);
    await expect(shipment(digital.id, 'pick')).rejects.toMatchObject({ code: 'SHIPMENT_NOT_FOUND' });
    await expect(booking(digital.id, 'confirm')).rejects.toMatchObject({ code: 'BOOKING_NOT_FOUND' });

    const { id } = await placeAndPay([physical]);
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated']));
    const { holdId } = await ordering.send<OrderCommandReply>(orderingPatterns.placeHold, { orderId: id, type: 'MANUAL_REVIEW', reason: 'check', context: userContext('operator') });
    await expect(shipment(id, 'pick')).rejects.toMatchObject({ code: 'ORDER_ON_HOLD' });
    await ordering.send(orderingPatterns.releaseHold, { orderId: id, holdId, reason: 'fine', context: userContext('operator') });
    expect(await shipment(id, 'pick')).toMatchObject({ state: 'picked' });
  });

  it('answers a repeated operator command as it was carried out, without a second event', async () => {
    const { id } = await placeAndPay([physical]);
    await eventually(async () => expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated']));
    const command: AdvanceShipmentCommand = { orderId: id, step: 'pick', context: userContext('operator') };
    const first = await logistics.send<ModuleRowReply>(logisticsPatterns.advance, command);
    const again = await logistics.send<ModuleRowReply>(logisticsPatterns.advance, command);
    expect(again).toEqual(first);
    expect(await types(streams.shipment(id))).toEqual(['ShipmentCreated', 'ShipmentPicked']);
  });

  it('cancels an unpaid order at the payment timeout, also across a restart of the process manager', async () => {
    const unpaid = await place([physical]);
    const paid = await placeAndPay([physical]);
    await eventually(async () => expect(await statusOf(unpaid.id)).toBe('cancelled'), 8_000);
    const cancelled = (await store.readStream(streams.order(unpaid.id))).find((event) => event.type === 'OrderCancelled');
    expect(cancelled?.data).toMatchObject({ reason: 'PAYMENT_TIMEOUT', previousStatus: 'pending' });
    expect(cancelled?.metadata.actor).toEqual({ type: 'service', id: 'process-manager', role: 'service' });
    expect(await statusOf(paid.id)).not.toBe('cancelled');
    await eventually(async () => expect(await notified(unpaid.id)).toEqual(['order_cancelled']));

    // The deadline is in PostgreSQL: stop the manager once it has recorded it, let it fall due, start again.
    const second = await place([ebook]);
    await eventually(async () => expect((await pool().query('SELECT 1 FROM pm_payment_deadlines WHERE order_id = $1', [second.id])).rowCount).toBe(1));
    await processManager!.close();
    processManager = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await statusOf(second.id)).toBe('pending');
    processManager = await startContext(ProcessManagerModule);
    await eventually(async () => expect(await statusOf(second.id)).toBe('cancelled'), 8_000);
  });

  it('acts once when every reactor is given the whole log again (checkpoints reset)', async () => {
    const { id } = await placeAndPay([physical, trip]);
    await eventually(async () => expect(await statusOf(id)).toBe('fulfilling'));
    await eventually(async () => expect(await types(streams.booking(id))).toEqual(['BookingReserved']));
    const logLength = async () => Number((await pool().query('SELECT count(*) AS n FROM es_events')).rows[0].n);
    // Let the order hear of the booking and the shipment before the count is taken.
    await eventually(async () => expect((await orderEvents(id)).filter((type) => type === 'OrderModuleStateRecorded')).toHaveLength(4));
    await eventually(async () => expect(await notified(id)).toEqual(['order_confirmed']));
    const before = await logLength();

    const modules = apps.splice(1);
    for (const app of modules) await app.close();
    await processManager!.close();
    await pool().query('UPDATE es_checkpoints SET position = 0');
    apps.push(...(await startModules()));
    processManager = await startContext(ProcessManagerModule);
    const end = (await store.readAll({ after: 0n, maxCount: 100_000 })).lastPosition;
    await eventually(async () => {
      const { rows } = await pool().query<{ subscription: string; position: string }>('SELECT subscription, position FROM es_checkpoints');
      for (const name of ['finance', 'logistics', 'travel', 'notification', 'process-manager', 'process-manager-deadlines']) {
        expect(BigInt(rows.find((row) => row.subscription === name)?.position ?? 0)).toBeGreaterThanOrEqual(end);
      }
    }, 15_000);
    expect(await logLength()).toBe(before);
  });
});
