import { DomainError, newId, streams } from '@oms/contracts';
import { migrate, PostgresEventStore } from '@oms/event-store';
import type { PlatformConfig } from '@oms/platform';
import { createTestDatabase, newEvent, OrderEvents, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { OrderCommandHandler } from './order-command-handler';
import { OrderHistory, orderStreams } from './order-history';
import { OrderNumbers } from './order-numbers';
import { OrderPlacement } from './order-placement';
import { OrderStreams } from './order-streams';
import { OrderingCommandsController } from './ordering-commands.controller';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A point in time strictly between what was recorded before and what is recorded after. */
async function moment(): Promise<Date> {
  await sleep(5);
  const at = new Date();
  await sleep(5);
  return at;
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('order history and as-of views, from the event store (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let history: OrderHistory;

  beforeAll(async () => {
    database = await createTestDatabase('ordering_history');
    pool = new Pool({ connectionString: database.url, max: 6 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
    history = new OrderHistory(store);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  /** An order placed, confirmed, invoiced, shipped, notified; with the instants between the steps. */
  async function story() {
    const order = new OrderEvents();
    const { orderId } = order;
    const line = order.line('physical', 2500);
    const before = await moment();
    await store.append(order.streamId, [order.placed([line])]);
    const placed = await moment();
    await store.append(order.streamId, [order.confirmed([line])]);
    const confirmed = await moment();
    await store.append(streams.invoice(orderId), [newEvent('InvoiceIssued', { orderId, invoiceId: 'i-1', amount: 2500, currency: 'EUR', issuedAt: new Date().toISOString() })]);
    await store.append(streams.notification(orderId), [newEvent('NotificationSent', { orderId, notificationId: newId(), kind: 'order_confirmed', channel: 'log', recipient: 'c-1', subject: 's', sentAt: new Date().toISOString() })]);
    const invoiced = await moment();
    await store.append(streams.shipment(orderId), [newEvent('ShipmentCreated', { orderId, shipmentId: 's-1', lines: [], createdAt: new Date().toISOString() })]);
    await store.append(streams.invoice(orderId), [newEvent('InvoicePaid', { orderId, invoiceId: 'i-1', paymentId: 'p', amount: 2500, currency: 'EUR', paidAt: new Date().toISOString() })]);
    const settled = await moment();
    return { order, orderId, before, placed, confirmed, invoiced, settled };
  }

  describe('history', () => {
    it('lists every event of every module stream of the order, in global order, with data and metadata', async () => {
      const { orderId } = await story();
      const page = await history.page({ orderId });

      expect(page.nextAfter).toBeNull();
      expect(page.events.map((e) => [e.stream.split('-')[0], e.type])).toEqual([
        ['order', 'OrderPlaced'],
        ['order', 'OrderConfirmed'],
        ['invoice', 'InvoiceIssued'],
        ['notification', 'NotificationSent'],
        ['shipment', 'ShipmentCreated'],
        ['invoice', 'InvoicePaid'],
      ]);
      const positions = page.events.map((e) => BigInt(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(page.events[2]).toEqual({
        eventId: expect.any(String),
        type: 'InvoiceIssued',
        stream: `invoice-${orderId}`,
        revision: 0,
        position: expect.stringMatching(/^\d+$/),
        recordedAt: expect.stringMatching(/Z$/),
        data: expect.objectContaining({ orderId, invoiceId: 'i-1' }),
        metadata: expect.objectContaining({
          orderId,
          correlationId: expect.any(String),
          causationId: expect.any(String),
          actor: expect.objectContaining({ type: 'user', id: 'dev-client' }),
          occurredAt: expect.any(String),
          schemaVersion: 1,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          previousHash: null,
        }),
      });
      expect(JSON.parse(JSON.stringify(page))).toEqual(page);
    });

    it('pages with after/limit and hands back where to go on', async () => {
      const { orderId } = await story();
      const all = (await history.page({ orderId })).events;
      const first = await history.page({ orderId, limit: 4 });
      const second = await history.page({ orderId, limit: 4, after: first.nextAfter ?? undefined });

      expect(first.events).toEqual(all.slice(0, 4));
      expect(first.nextAfter).toBe(all[3].position);
      expect(second.events).toEqual(all.slice(4));
      expect(second.nextAfter).toBeNull();
      expect(await history.page({ orderId, after: all[5].position })).toEqual({ orderId, events: [], nextAfter: null });
    });

    it('knows no order that was never placed, and refuses malformed queries', async () => {
      expect((await refusal(history.page({ orderId: newId() }))).code).toBe('ORDER_NOT_FOUND');
      expect((await refusal(history.page({ orderId: 'nope' }))).code).toBe('VALIDATION_FAILED');
      const { orderId } = await story();
      for (const bad of [{ after: '-1' }, { after: '12x' }, { after: '99999999999999999999' }, { limit: 0 }, { limit: 1001 }, { limit: 2.5 }]) {
        expect((await refusal(history.page({ orderId, ...bad } as never))).code).toBe('VALIDATION_FAILED');
      }
    });

    it('shows nothing of other orders or of the services’ internal streams', async () => {
      const { orderId } = await story();
      await store.append(`ordering-intent-${orderId}`, [newEvent('OrderIntentClaimed', { orderId })]);
      await story();
      const page = await history.page({ orderId });
      expect(page.events.every((e) => orderStreams(orderId).includes(e.stream))).toBe(true);
      expect(page.events).toHaveLength(6);
    });
  });

  describe('as of a time', () => {
    it('rebuilds each moment from the events, module states from the modules’ own streams', async () => {
      const { orderId, placed, confirmed, invoiced, settled } = await story();

      expect(await history.asOf({ orderId, at: placed.toISOString() })).toMatchObject({ id: orderId, status: 'pending', modules: {}, version: 0 });
      expect(await history.asOf({ orderId, at: confirmed.toISOString() })).toMatchObject({ status: 'confirmed', modules: {}, version: 1 });
      expect((await history.asOf({ orderId, at: invoiced.toISOString() })).modules).toEqual({ finance: { state: 'issued', updatedAt: expect.any(String) } });
      expect((await history.asOf({ orderId, at: settled.toISOString() })).modules).toEqual({
        finance: { state: 'paid', updatedAt: expect.any(String) },
        logistics: { state: 'waiting', updatedAt: expect.any(String) },
      });
    });

    it('knows no order before it was placed, nor one that never was; refuses a malformed time', async () => {
      const { orderId, before } = await story();
      const early = await refusal(history.asOf({ orderId, at: before.toISOString() }));
      expect(early.code).toBe('ORDER_NOT_FOUND');
      expect(early.message).toMatch(/had not been placed at/);
      expect((await refusal(history.asOf({ orderId: newId(), at: new Date().toISOString() }))).code).toBe('ORDER_NOT_FOUND');
      expect((await refusal(history.asOf({ orderId, at: 'yesterday' }))).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('schema evolution: OrderCancelled v1 (blank note) and v2, replayed by today’s code', () => {
    const config = { modulesRequiredForCompletion: ['finance', 'logistics', 'travel'] } as PlatformConfig;

    it('reads a v1 cancellation with a blank note as one without a note, everywhere today’s code reads it', async () => {
      const order = new OrderEvents();
      const cancelled = order.event('OrderCancelled', { reason: 'CUSTOMER_REQUEST', note: '', previousStatus: 'pending', requestedAt: new Date().toISOString(), cancelledAt: new Date().toISOString() });
      cancelled.metadata.schemaVersion = 1;
      await store.append(order.streamId, [order.placed([order.line('digital')]), cancelled]);

      const { rows } = await pool.query(`SELECT data, metadata->'schemaVersion' AS version FROM es_events WHERE event_id = $1`, [cancelled.eventId]);
      expect(rows[0]).toEqual({ data: expect.objectContaining({ note: '' }), version: 1 });

      // The decider's state (ordering-domain evolve), the as-of view, the history.
      const { order: folded } = await new OrderStreams(store).load(order.orderId);
      expect(folded.status).toBe('cancelled');
      expect(folded.cancellation).not.toHaveProperty('note');
      expect((await history.asOf({ orderId: order.orderId, at: new Date().toISOString() })).cancellation).toMatchObject({ note: null });
      const [, read] = (await history.page({ orderId: order.orderId })).events;
      expect(read.data).not.toHaveProperty('note');
      expect(read.metadata).toMatchObject({ schemaVersion: 1, upcastedTo: 2 });
    });

    it('writes v2 today: a blank note is dropped before deciding, and the event says version 2', async () => {
      const handler = new OrderCommandHandler(new OrderStreams(store), config);
      const commands = new OrderingCommandsController(handler, new OrderPlacement(store, new OrderStreams(store), new OrderNumbers(pool), config));
      const context = () => ({ correlationId: newId(), commandId: newId(), actor: { type: 'user' as const, id: 'dev-client', role: 'client' as const } });
      const notes: Array<string | undefined> = ['   ', 'changed my mind'];
      for (const note of notes) {
        const { order } = await commands.place({ customerId: 'c-1', currency: 'EUR', lines: [], context: context() });
        const reply = await commands.requestCancellation({ orderId: order.id, reason: 'CUSTOMER_REQUEST', note, context: context() });
        expect(reply.order.cancellation?.note).toBe(note?.trim() ? note : null);
        const [placed, cancelled] = await store.readStream(streams.order(order.id));
        expect(placed.metadata.schemaVersion).toBe(1);
        expect(cancelled.metadata).toMatchObject({ schemaVersion: 2 });
        expect(cancelled.metadata).not.toHaveProperty('upcastedTo');
        expect('note' in (cancelled.data as object)).toBe(Boolean(note?.trim()));
      }
    });
  });
});
