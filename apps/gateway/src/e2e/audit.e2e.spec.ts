import { randomUUID } from 'node:crypto';
import { eventually } from '@oms/testing';
import { Pool } from 'pg';
import { auditor, client, expectStatus, line, type OrderResource } from './order-flows';
import { runningPlatform } from './running-platform';

jest.setTimeout(120_000);

interface HistoryEvent {
  eventId: string;
  type: string;
  stream: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: {
    orderId: string;
    correlationId: string;
    causationId: string;
    actor: { type: string; id: string; role?: string };
    occurredAt: string;
    schemaVersion: number;
    hash: string;
    previousHash: string | null;
    upcastedTo?: number;
  };
}

interface HistoryPage {
  orderId: string;
  events: HistoryEvent[];
  nextAfter: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An instant strictly between what was recorded before and what is recorded after it. */
async function moment(): Promise<string> {
  await sleep(10);
  const at = new Date().toISOString();
  await sleep(10);
  return at;
}

describe('audit through the gateway: history, as-of and the metadata trail (every service its own process)', () => {
  const platform = runningPlatform('e2e_audit');
  let sql: Pool;

  beforeAll(() => {
    sql = new Pool({ connectionString: platform.database.url, max: 2 });
    sql.on('error', () => undefined);
    platform.beforeStop(() => sql.end());
  });

  async function history(orderId: string, query = ''): Promise<HistoryPage> {
    return expectStatus(await platform.api<HistoryPage>('GET', `/api/v1/orders/${orderId}/history${query}`, { key: auditor }), 200);
  }

  /** Every page, following nextAfter. */
  async function fullHistory(orderId: string, limit = 4): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for (let after: string | null = null, pages = 0; ; pages++) {
      const page: HistoryPage = await history(orderId, `?limit=${limit}${after ? `&after=${after}` : ''}`);
      events.push(...page.events);
      if (page.nextAfter === null) return events;
      expect(page.events).toHaveLength(limit);
      after = page.nextAfter;
      if (pages > 100) throw new Error('history never ends');
    }
  }

  function asOf(orderId: string, at: string, key = auditor) {
    return platform.api<OrderResource>('GET', `/api/v1/orders/${orderId}?asOf=${encodeURIComponent(at)}`, { key });
  }

  it("follows one request's correlation id through the order, invoice, shipment and notification events, each caused by the event before", async () => {
    const order = await platform.flows.place(['physical', 'digital']);
    const correlationId = `audit-pay-${randomUUID()}`;
    const paid = await platform.api<OrderResource>('POST', `/api/v1/orders/${order.id}/payments`, {
      key: client,
      body: { paymentId: `pay-${order.id}`, amount: order.totals.total, currency: order.currency },
      headers: { 'x-correlation-id': correlationId },
    });
    expect(paid.status).toBe(200);
    expect(paid.headers.get('x-correlation-id')).toBe(correlationId);
    await platform.flows.untilStatus(order.id, 'fulfilling');
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    await eventually(async () => expect(await platform.flows.notifications(order.id)).toHaveLength(1));

    const events = await eventually(async () => {
      const all = await fullHistory(order.id);
      expect(all.map((e) => e.type)).toEqual(expect.arrayContaining(['NotificationSent', 'ShipmentCreated', 'InvoicePaid', 'OrderFulfillmentStarted']));
      return all;
    });
    const chain = events.filter((e) => e.metadata.correlationId === correlationId);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const types = chain.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['OrderConfirmed', 'InvoiceIssued', 'InvoicePaid', 'ShipmentCreated', 'NotificationSent', 'OrderFulfillmentStarted']));
    expect(new Set(chain.map((e) => e.stream.split('-')[0]))).toEqual(new Set(['order', 'invoice', 'shipment', 'notification']));

    // The first event answers the command: caused by the command's id, which is no event's id.
    const confirmed = chain.find((e) => e.type === 'OrderConfirmed') as HistoryEvent;
    expect(byId.has(confirmed.metadata.causationId)).toBe(false);
    expect(confirmed.metadata.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(confirmed.metadata.actor).toMatchObject({ type: 'user', role: 'client' });
    const roots = chain.filter((e) => !byId.has(e.metadata.causationId));
    expect(roots.map((e) => e.eventId)).toEqual([confirmed.eventId]);

    // Every other event is a reaction: caused by an earlier event of the same request, by a service.
    for (const event of chain.filter((e) => e !== confirmed)) {
      const cause = byId.get(event.metadata.causationId) as HistoryEvent;
      expect({ event: event.type, causeCorrelation: cause.metadata.correlationId }).toEqual({ event: event.type, causeCorrelation: correlationId });
      expect(BigInt(cause.position)).toBeLessThan(BigInt(event.position));
      expect(event.metadata.actor.type).toBe('service');
    }
    const causeOf = (type: string) => byId.get((chain.find((e) => e.type === type) as HistoryEvent).metadata.causationId)?.type;
    expect(causeOf('InvoiceIssued')).toBe('OrderConfirmed');
    expect(causeOf('ShipmentCreated')).toBe('OrderConfirmed');
    expect(causeOf('NotificationSent')).toBe('OrderConfirmed');
    expect(chain.find((e) => e.type === 'InvoiceIssued')?.metadata.actor).toMatchObject({ type: 'service', id: 'finance' });
    expect(chain.find((e) => e.type === 'ShipmentCreated')?.metadata.actor).toMatchObject({ type: 'service', id: 'logistics' });

    // The placement was another request: its own correlation, its own root.
    expect(events[0]).toMatchObject({ type: 'OrderPlaced', revision: 0 });
    expect(events[0].metadata.correlationId).not.toBe(correlationId);
  });

  it('gives every event its full metadata, a per-stream hash chain, and the schema version its type is written in today', async () => {
    const order = await platform.flows.place(['physical']);
    await platform.flows.pay(order);
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/cancel`, { key: client, body: { reason: 'CUSTOMER_REQUEST', note: '   ' } }), 200);
    await platform.flows.untilModule(order.id, 'logistics', 'cancelled');

    const events = await fullHistory(order.id, 1000);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['data', 'eventId', 'metadata', 'position', 'recordedAt', 'revision', 'stream', 'type']);
      expect(event.metadata).toEqual(
        expect.objectContaining({
          orderId: order.id,
          correlationId: expect.any(String),
          causationId: expect.any(String),
          actor: expect.objectContaining({ type: expect.stringMatching(/^(user|service|system)$/), id: expect.any(String) }),
          occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
          schemaVersion: event.type === 'OrderCancelled' ? 2 : 1,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      );
      expect(event.metadata.upcastedTo).toBeUndefined();
    }
    const positions = events.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    for (const stream of new Set(events.map((e) => e.stream))) {
      const ofStream = events.filter((e) => e.stream === stream);
      expect(ofStream.map((e) => e.revision)).toEqual(ofStream.map((_, i) => i));
      ofStream.forEach((e, i) => expect(e.metadata.previousHash).toBe(i === 0 ? null : ofStream[i - 1].metadata.hash));
    }

    // OrderCancelled v2: the blank note was dropped before it was written, as the upcaster would for a v1 event.
    const cancelled = events.find((e) => e.type === 'OrderCancelled') as HistoryEvent;
    expect(cancelled.data).not.toHaveProperty('note');
    expect((await platform.flows.read(order.id)).cancellation).toMatchObject({ note: null });
    const { rows } = await sql.query(`SELECT metadata->'schemaVersion' AS version, data ? 'note' AS has_note FROM es_events WHERE event_id = $1`, [cancelled.eventId]);
    expect(rows[0]).toEqual({ version: 2, has_note: false });

    // Every event any service wrote carries its type's version of today (only OrderCancelled is at 2).
    const { rows: versions } = await sql.query(`SELECT DISTINCT type, (metadata->>'schemaVersion')::int AS version FROM es_events WHERE metadata->>'orderId' = $1`, [order.id]);
    for (const { type, version } of versions) expect({ type, version }).toEqual({ type, version: type === 'OrderCancelled' ? 2 : 1 });
  });

  it('pages the history, knows no unknown order, refuses bad paging and non-auditors', async () => {
    const order = await platform.flows.place(['digital']);
    await platform.flows.pay(order);
    await platform.flows.untilStatus(order.id, 'completed');
    const whole = await eventually(async () => {
      const page = await history(order.id, '?limit=1000');
      expect(page.events.map((e) => e.type)).toContain('NotificationSent');
      return page;
    });
    expect(whole.nextAfter).toBeNull();
    expect(await fullHistory(order.id, 3)).toEqual(whole.events);
    expect((await history(order.id, `?after=${whole.events[whole.events.length - 1].position}`)).events).toEqual([]);

    expect((await platform.api('GET', `/api/v1/orders/${randomUUID()}/history`, { key: auditor })).body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    expect((await platform.api('GET', `/api/v1/orders/${order.id}/history?after=abc`, { key: auditor })).status).toBe(400);
    expect((await platform.api('GET', `/api/v1/orders/${order.id}/history?limit=0`, { key: auditor })).status).toBe(400);
    expect((await platform.api('GET', `/api/v1/orders/${order.id}/history`, { key: client })).status).toBe(403);
  });

  it('rebuilds the order as of any instant from the events: 404 before it existed, 400 for a malformed time, equal to the live view now', async () => {
    const before = await moment();
    const order = await platform.flows.place(['physical'], { lines: [line('physical', 1500, 2)] });
    const placed = await moment();
    const withLine = expectStatus(await platform.api<OrderResource>('POST', `/api/v1/orders/${order.id}/lines`, { key: client, body: line('digital', 500) }), 200);
    const withTwoLines = await moment();
    const paid = await platform.flows.pay(withLine);
    expect(paid.status).toBe('confirmed');
    await platform.flows.untilModule(order.id, 'logistics', 'waiting');
    const confirmed = await moment();
    expectStatus(await platform.flows.shipment(order.id, 'pick'), 200);
    const live = await platform.flows.untilModule(order.id, 'logistics', 'picked');

    expect((await asOf(order.id, before)).body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    expect(expectStatus(await asOf(order.id, placed), 200)).toMatchObject({ status: 'pending', version: 0, modules: {}, totals: { total: 3000 } });
    expect(expectStatus(await asOf(order.id, withTwoLines), 200)).toMatchObject({ status: 'pending', version: 1, totals: { total: 3500 } });
    const atConfirmation = expectStatus(await asOf(order.id, confirmed), 200);
    expect(atConfirmation.status).toMatch(/^(confirmed|fulfilling)$/);
    expect(atConfirmation.modules.logistics.state).toBe('waiting');
    expect(atConfirmation.modules.finance.state).toMatch(/^(issued|paid)$/);

    // Now, once the projection has caught up with the last reaction: the very view the read model serves.
    expect(live.modules.logistics.state).toBe('picked');
    await eventually(async () => {
      const projected = await platform.flows.read(order.id);
      expect(expectStatus(await asOf(order.id, new Date().toISOString()), 200)).toEqual(projected);
    });

    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-03-01T12:00:00']) expect((await asOf(order.id, bad)).status).toBe(400);
    expect((await asOf(order.id, placed, client)).status).toBe(403);
    expect((await asOf(randomUUID(), placed)).status).toBe(404);
  });

  it("takes module states from the modules' own streams, not from what the order recorded of them", async () => {
    // Without the process manager the order never learns of its modules; the modules still act.
    await platform.system.kill('process-manager');
    try {
      const order = await platform.flows.place(['physical']);
      await platform.flows.pay(order);
      const events = await eventually(async () => {
        const all = await fullHistory(order.id, 1000);
        expect(all.map((e) => e.type)).toEqual(expect.arrayContaining(['InvoicePaid', 'ShipmentCreated']));
        return all;
      });
      expect(events.map((e) => e.type)).not.toContain('OrderModuleStateRecorded');
      const view = expectStatus(await asOf(order.id, new Date().toISOString()), 200);
      expect(view.status).toBe('confirmed');
      expect(view.modules).toEqual({ finance: { state: 'paid', updatedAt: expect.any(String) }, logistics: { state: 'waiting', updatedAt: expect.any(String) } });
    } finally {
      platform.system.start('process-manager');
      await platform.system.waitUntilReady();
    }
  });
});
