import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareReadModels, RETIRED_SCHEMA } from '@oms/read-models';
import { eventually } from '@oms/testing';
import { Pool } from 'pg';
import { auditor, client, expectStatus, line, operator, type OrderResource } from './order-flows';
import { runningPlatform } from './running-platform';

jest.setTimeout(300_000);

const root = resolve(__dirname, '../../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('audit tools against the running platform: npm run projections:rebuild and npm run audit', () => {
  const platform = runningPlatform('e2e_audit_tools');
  let sql: Pool;
  let scratch: string;

  beforeAll(() => {
    sql = new Pool({ connectionString: platform.database.url, max: 4 });
    sql.on('error', () => undefined);
    scratch = mkdtempSync(join(tmpdir(), 'oms-audit-'));
    platform.beforeStop(async () => {
      await sql.end();
      rmSync(scratch, { recursive: true, force: true });
    });
  });

  /** `npm run <script> -- <args>` from the repository root, against this platform's database. */
  function npmRun(script: 'audit' | 'projections:rebuild', args: string[]): Promise<Run> {
    return new Promise((done, fail) => {
      const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: platform.database.url } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  /** One order's life through the API; `variant` picks completed, cancelled, held, edited or vetoed. */
  async function life(variant: number): Promise<{ order: OrderResource; ends: string }> {
    switch (variant % 5) {
      case 0: {
        const order = await platform.flows.place(['physical', 'travel']);
        await platform.flows.pay(order);
        await platform.flows.fulfil(order.id, ['physical', 'travel']);
        return { order, ends: 'completed' };
      }
      case 1: {
        const order = await platform.flows.place(['digital']);
        await platform.flows.pay(order);
        return { order, ends: 'completed' };
      }
      case 2: {
        const order = await platform.flows.place(['physical']);
        await platform.flows.pay(order);
        await platform.flows.untilModule(order.id, 'logistics', 'waiting');
        expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/cancel`, { key: client, body: { reason: 'CUSTOMER_REQUEST', note: '' } }), 200);
        return { order, ends: 'cancelled' };
      }
      case 3: {
        const order = await platform.flows.place(['physical']);
        const added = expectStatus(await platform.api<OrderResource>('POST', `/api/v1/orders/${order.id}/lines`, { key: client, body: line('digital', 700, 1) }), 200);
        const [first, second] = added.lines;
        expectStatus(await platform.api('PUT', `/api/v1/orders/${order.id}/lines/${first.lineId}`, { key: client, body: { quantity: 3 } }), 200);
        expectStatus(await platform.api('DELETE', `/api/v1/orders/${order.id}/lines/${second.lineId}`, { key: client }), 200);
        const held = expectStatus(await platform.api<{ holdId: string }>('POST', `/api/v1/orders/${order.id}/holds`, { key: operator, body: { type: 'MANUAL_REVIEW', reason: 'check' } }), 200);
        expectStatus(await platform.api('POST', `/api/v1/orders/${order.id}/holds/${held.holdId}/release`, { key: operator, body: { reason: 'fine' } }), 200);
        return { order, ends: 'pending' };
      }
      default: {
        const order = await platform.flows.place(['travel']);
        await platform.flows.pay(order);
        await platform.flows.untilModule(order.id, 'travel', 'reserved');
        expectStatus(await platform.flows.booking(order.id, 'fail', { reason: 'no seats' }), 200);
        return { order, ends: 'cancelled' };
      }
    }
  }

  async function workload(orders: number, from = 0): Promise<Array<{ order: OrderResource; ends: string }>> {
    const done: Array<{ order: OrderResource; ends: string }> = [];
    await Promise.all(
      Array.from({ length: 3 }, async (_, worker) => {
        for (let i = worker; i < orders; i += 3) done.push(await life(from + i));
      }),
    );
    return done;
  }

  /** Every order at its end in the read model, and the log and the projector quiet. */
  async function settled(lives: Array<{ order: OrderResource; ends: string }>): Promise<void> {
    for (const { order, ends } of lives) await platform.flows.untilStatus(order.id, ends, 30_000);
    await eventually(
      async () => {
        const before = await logHead();
        await sleep(700);
        const after = await logHead();
        const { rows } = await sql.query(`SELECT position::text FROM rm_checkpoints WHERE name = 'read-models'`);
        expect(after).toEqual(before);
        expect(BigInt(rows[0].position)).toBeGreaterThanOrEqual(BigInt(after.last));
      },
      30_000,
    );
  }

  async function logHead(): Promise<{ events: number; last: string }> {
    return (await sql.query('SELECT count(*)::int AS events, max(position)::text AS last FROM es_events')).rows[0];
  }

  /** Everything a rebuild must leave alone: the log, the notification outbox, every subscription's checkpoint. */
  async function untouched() {
    const [log, outbox, checkpoints] = await Promise.all([
      logHead(),
      sql.query('SELECT * FROM notification_outbox ORDER BY notification_id'),
      sql.query('SELECT subscription, position::text FROM es_checkpoints ORDER BY subscription'),
    ]);
    return { log, outbox: outbox.rows, checkpoints: checkpoints.rows };
  }

  /** Reads through the gateway until told to stop; every answer must be a 200. */
  function keepReading(orderIds: string[]): { stop(): Promise<number[]> } {
    let reading = true;
    const statuses: number[] = [];
    const loop = (async () => {
      for (let i = 0; reading; i++) {
        // The list, a timeline, and an order view (a prepared statement the swap must not break).
        const orderId = orderIds[i % orderIds.length];
        const path = [`/api/v1/orders?limit=50`, `/api/v1/orders/${orderId}/timeline`, `/api/v1/orders/${orderId}`][i % 3];
        statuses.push((await platform.api('GET', path, { key: auditor })).status);
        await sleep(5);
      }
    })();
    return {
      async stop() {
        reading = false;
        await loop;
        return statuses;
      },
    };
  }

  let lives: Array<{ order: OrderResource; ends: string }> = [];

  it('rebuilds every read model on a quiet platform: row for row what the live projector built, nothing else written, reads served throughout', async () => {
    lives = await workload(15);
    await settled(lives);
    const before = await untouched();
    const readers = keepReading(lives.map(({ order }) => order.id));

    const rebuild = await npmRun('projections:rebuild', ['--keep-retired', '--batch', '50']);
    const statuses = await readers.stop();

    expect({ code: rebuild.code, stderr: rebuild.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.stringContaining('swapped in at position') });
    expect(rebuild.stdout).toMatch(/^rebuilt the read models from [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\); live at position \d+; tables locked \d+ ms/);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await untouched()).toEqual(before);
    expect(await compareReadModels(sql, 'public', RETIRED_SCHEMA)).toEqual([]);
    // Every view, read again through the gateway's pooled (prepared) statements, as before the swap.
    for (const { order } of lives) {
      const view = expectStatus(await platform.api<OrderResource>('GET', `/api/v1/orders/${order.id}`, { key: auditor }), 200);
      expect(view.id).toBe(order.id);
    }
    const { rows } = await sql.query('SELECT (SELECT count(*) FROM rm_orders)::int AS orders, (SELECT count(*) FROM rm_timeline)::int AS timeline, (SELECT count(*) FROM rm_notifications)::int AS notifications');
    expect(rows[0].orders).toBeGreaterThanOrEqual(15);
    expect(rows[0].timeline).toBeGreaterThan(50);
    expect(rows[0].notifications).toBeGreaterThan(5);
  });

  it('loses nothing written while it runs and swaps: the tables it swapped in, fed on by the projector, equal a later rebuild', async () => {
    let writing = true;
    const written: Array<{ order: OrderResource; ends: string }> = [];
    const traffic = (async () => {
      for (let round = 0; writing; round++) written.push(...(await workload(3, round * 3)));
    })();
    await sleep(500);
    const rebuild = await npmRun('projections:rebuild', ['--batch', '20']);
    await sleep(500);
    writing = false;
    await traffic;
    expect({ code: rebuild.code, stderr: rebuild.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(written.length).toBeGreaterThan(0);
    await settled(written);

    const check = await npmRun('projections:rebuild', ['--keep-retired']);
    expect(check.code).toBe(0);
    expect(await compareReadModels(sql, 'public', RETIRED_SCHEMA)).toEqual([]);
    for (const { order, ends } of written) expect((await platform.flows.read(order.id)).status).toBe(ends);
  });

  it("prints an order's timeline from its events, as of any instant, as a table or JSON", async () => {
    const { order } = lives.find((l) => l.ends === 'completed' && l.order.lines.length === 2) as { order: OrderResource };
    const byNumber = await npmRun('audit', [order.orderNumber]);
    expect({ code: byNumber.code, stderr: byNumber.stderr.replace(/npm warn.*\n/g, '') }).toEqual({ code: 0, stderr: '' });
    const lines = byNumber.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Order ${order.orderNumber} \\(${order.id}\\)`));
    expect(lines[1]).toMatch(/^Status completed .*modules: finance paid, logistics delivered, travel travelled/);
    expect(byNumber.stdout).toMatch(/TIME \(recorded\)\s+MODULE\s+EVENT\s+STATUS\s+ACTOR/);
    for (const row of [/ordering\s+OrderPlaced\s+pending\s+\S+ \(client\)/, /finance\s+InvoiceIssued\s+issued\s+service:finance/, /logistics\s+ShipmentDelivered\s+delivered\s+\S+ \(operator\)/, /notification\s+NotificationSent\s+sent order_completed\s+service:notification/, /ordering\s+OrderCompleted\s+completed\s+service:process-manager/]) {
      expect(byNumber.stdout).toMatch(row);
    }
    expect(byNumber.stdout).toMatch(/hash chains of its 5 streams: intact/);

    const json = await npmRun('audit', [order.id, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    const history = expectStatus(await platform.api('GET', `/api/v1/orders/${order.id}/history?limit=1000`, { key: auditor }), 200);
    expect(report.order).toEqual(await platform.flows.read(order.id));
    expect(report.events.map((e: { eventId: string }) => e.eventId)).toEqual(history.events.map((e: { eventId: string }) => e.eventId));
    expect(report.chain).toEqual({ events: history.events.length, streams: 5, problems: [] });

    const placedAt: string = history.events[0].recordedAt;
    const early = await npmRun('audit', [order.id, '--as-of', new Date(Date.parse(placedAt) - 1000).toISOString()]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/had not been placed at/);
    const atPlacement = await npmRun('audit', [order.id, '--as-of', new Date(Date.parse(placedAt) + 1).toISOString(), '--json']);
    expect(JSON.parse(atPlacement.stdout)).toMatchObject({ order: { status: 'pending', version: 0 }, events: [{ type: 'OrderPlaced' }] });
    expect((await npmRun('audit', [order.id, '--as-of', 'yesterday'])).code).toBe(2);
    expect((await npmRun('audit', ['ORD-2026-999999'])).code).toBe(1);
  });

  it('verify finds an edited, a deleted, a swapped event, and with saved heads a removed last one; names each', async () => {
    const clean = await npmRun('audit', ['verify']);
    expect({ code: clean.code, stdout: clean.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^verified [\d,]+ events in [\d,]+ streams: every hash chain holds\n$/) });
    const heads = await npmRun('audit', ['heads']);
    const headsFile = join(scratch, 'heads.json');
    writeFileSync(headsFile, heads.stdout);
    expect(JSON.parse(heads.stdout).length).toBeGreaterThan(30);

    // Completed orders: a digital one (its invoice was paid), three with a shipment and a booking.
    const digital = lives.filter((l) => l.ends === 'completed' && l.order.lines.length === 1).map((l) => l.order.id);
    const shipped = lives.filter((l) => l.ends === 'completed' && l.order.lines.length === 2).map((l) => l.order.id);
    const [edited, deleted, swapped, cut] = [digital[0], shipped[0], shipped[1], shipped[2]];
    const one = async (text: string, values: unknown[]) => (await sql.query(text, values)).rows[0];
    const paid = await one(`UPDATE es_events SET data = jsonb_set(data, '{amount}', '1') WHERE stream_id = $1 AND type = 'InvoicePaid' RETURNING event_id, revision`, [`invoice-${edited}`]);
    const gone = await one(`DELETE FROM es_events WHERE stream_id = $1 AND revision = 2 RETURNING event_id`, [`order-${deleted}`]);
    await sql.query(`UPDATE es_events SET revision = 1000 WHERE stream_id = $1 AND revision = 1`, [`shipment-${swapped}`]);
    await sql.query(`UPDATE es_events SET revision = 1 WHERE stream_id = $1 AND revision = 2`, [`shipment-${swapped}`]);
    await sql.query(`UPDATE es_events SET revision = 2 WHERE stream_id = $1 AND revision = 1000`, [`shipment-${swapped}`]);
    const movedUp = await one(`SELECT event_id FROM es_events WHERE stream_id = $1 AND revision = 1`, [`shipment-${swapped}`]);
    await sql.query(`DELETE FROM es_events WHERE position = (SELECT max(position) FROM es_events WHERE stream_id = $1)`, [`notification-${cut}`]);

    const found = await npmRun('audit', ['verify']);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^TAMPERING DETECTED: 3 of [\d,]+ streams fail verification/);
    expect(found.stdout).toContain(`invoice-${edited} revision ${paid.revision} (InvoicePaid ${paid.event_id}, position `);
    expect(found.stdout).toMatch(new RegExp(`invoice-${edited} revision ${paid.revision} .*: altered`));
    expect(found.stdout).toMatch(new RegExp(`order-${deleted} revision 3 .*: missing — revision 2 is missing`));
    expect(found.stdout).toMatch(new RegExp(`shipment-${swapped} revision 1 \\(\\w+ ${movedUp.event_id}, position \\d+\\): (reordered|broken-link|altered)`));
    expect(found.stdout).not.toContain(gone.event_id);

    const oneStream = await npmRun('audit', ['verify', '--stream', `invoice-${edited}`, '--json']);
    expect(oneStream.code).toBe(1);
    expect(JSON.parse(oneStream.stdout)).toMatchObject({ ok: false, streams: 1, problems: [{ kind: 'altered', streamId: `invoice-${edited}`, eventId: paid.event_id }] });
    expect((await npmRun('audit', ['verify', '--stream', `booking-${edited}`])).code).toBe(0);

    const againstHeads = await npmRun('audit', ['verify', '--heads', headsFile]);
    expect(againstHeads.code).toBe(1);
    expect(againstHeads.stdout).toMatch(/^TAMPERING DETECTED: 4 of/);
    expect(againstHeads.stdout).toMatch(new RegExp(`notification-${cut} revision \\d+: head-mismatch — .* is gone; the stream now ends at`));
  });
});
