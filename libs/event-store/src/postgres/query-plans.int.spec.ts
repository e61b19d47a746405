import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool, type QueryConfig } from 'pg';
import { newEvent } from '../contract/fixtures';
import { globalLogQuery, heldBackQuery } from './global-log';
import { migrate } from './migrations';
import { PostgresEventStore } from './postgres-event-store';
import { chainPage, streamHead } from './hash-chain';
import { readStreamQuery, readStreamsQuery } from './stream-read';

// The global log must stay an index range scan however long it gets: a subscriber polls it
// several times a second. A million rows make the planner choose for real (on a tiny table a
// sequential scan is the right plan and would prove nothing).
const EVENTS = 1_000_000;
const CHUNK = 50_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('PostgreSQL query plans on a million events', () => {
  let database: TestDatabase;
  let pool: Pool;
  let middle: bigint;

  beforeAll(async () => {
    database = await createTestDatabase('es_plans');
    pool = new Pool({ connectionString: database.url, max: 4 });
    await migrate(pool);
    // Positions shaped like real ones, (xid << 20) + ordinal, all below the fence (below the
    // oldest running xid) so that reads really return them.
    const { rows } = await pool.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    const xids = Number(rows[0].xmin) - 4;
    const perXid = Math.ceil(EVENTS / xids);
    // The xid part is a bigint before the shift: as an int4 it wrapped once the cluster had used
    // more than 2^11 xids (a CI run where other test files ran first), and positions collided.
    // In short transactions: an open writing transaction holds back the fence of every database
    // in the cluster, and other test files are reading their logs meanwhile.
    for (let from = 0; from < EVENTS; from += CHUNK) {
      await pool.query(
        `INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT ((3 + g / $3)::bigint << 20) + (g % $3), 'load-' || (g / 10), g % 10,
                ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
                CASE WHEN g % 7 = 0 THEN 'InvoiceIssued' ELSE 'OrderPlaced' END,
                jsonb_build_object('n', g),
                '{"orderId":"o","correlationId":"c","causationId":"c","actor":{"type":"service","id":"load"},"occurredAt":"2026-01-01T00:00:00Z","schemaVersion":1}'
           FROM generate_series($1::int, $2::int - 1) g`,
        [from, Math.min(from + CHUNK, EVENTS), perXid],
      );
    }
    await pool.query('ANALYZE es_events');
    const half = EVENTS / 2;
    middle = (BigInt(3 + Math.floor(half / perXid)) << 20n) + BigInt(half % perXid);
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  async function plan(query: QueryConfig): Promise<PlanNode[]> {
    const { rows } = await pool.query({ ...query, name: undefined, text: `EXPLAIN (FORMAT JSON) ${query.text}`, types: undefined });
    return nodes((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
  }

  /** The plan a named (prepared) statement may settle on: one made without parameter values. */
  async function genericPlan(query: QueryConfig): Promise<PlanNode[]> {
    const { rows } = await pool.query(`EXPLAIN (FORMAT JSON, GENERIC_PLAN) ${query.text}`);
    return nodes((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
  }

  const globalLogReads: Array<[string, () => QueryConfig]> = [
    ['the subscription poll from the middle of the log', () => globalLogQuery(middle, 500).query],
    ['readAll from the start', () => globalLogQuery(0n, 500).query],
    ['a filtered readAll (stream prefix and event type)', () => globalLogQuery(middle, 500, { streamPrefixes: ['load-12'], eventTypes: ['InvoiceIssued'] }).query],
  ];
  it.each(globalLogReads)('%s is a range scan of the primary key: no sequential scan, no sort', async (_, query) => {
    const read = await plan(query());
    expect(read.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(read.filter((n) => n['Node Type'].includes('Sort'))).toEqual([]);
    expect(read).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': 'es_events_pkey' }));
  });

  it.each(globalLogReads)('%s stays that range scan as a prepared statement (generic plan)', async (_, query) => {
    expect(query().name).toBeDefined();
    const read = await genericPlan(query());
    expect(read.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(read.filter((n) => n['Node Type'].includes('Sort'))).toEqual([]);
    expect(read).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': 'es_events_pkey' }));
  });

  it('the held-back probe reads one end of the primary key', async () => {
    const probe = await plan({ text: heldBackQuery });
    expect(probe.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(probe).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Only Scan', 'Index Name': 'es_events_pkey' }));
  });

  it.each(['forwards', 'backwards'] as const)('readStream %s walks the (stream_id, revision) index, also as a prepared statement', async (direction) => {
    const generic = await genericPlan(readStreamQuery('load-4242', { direction }));
    expect(generic.filter((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'].includes('Sort'))).toEqual([]);
    expect(generic).toContainEqual(expect.objectContaining({ 'Index Name': 'es_events_stream_id_revision_key' }));
    const read = await plan(readStreamQuery('load-4242', { direction }));
    expect(read.filter((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'].includes('Sort'))).toEqual([]);
    expect(read).toContainEqual(expect.objectContaining({ 'Index Name': 'es_events_stream_id_revision_key' }));
  });

  it("readStreams (one order's streams) reads them through the (stream_id, revision) index", async () => {
    const read = await plan(readStreamsQuery(['load-4242', 'load-4243', 'load-17', 'load-nothing'], 0n, 100));
    expect(read.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(read).toContainEqual(expect.objectContaining({ 'Index Name': 'es_events_stream_id_revision_key' }));
  });

  it.each([
    ['the whole log from the start', () => chainPage(undefined, undefined, 5000)],
    ['the whole log from the middle', () => chainPage({ streamId: 'load-50000', revision: 3n }, undefined, 5000)],
    ['one stream', () => chainPage(undefined, 'load-4242', 5000)],
  ])('verify walks %s in index order: no sequential scan, no sort', async (_, query) => {
    const walk = await plan(query());
    expect(walk.filter((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'].includes('Sort'))).toEqual([]);
    expect(walk).toContainEqual(expect.objectContaining({ 'Index Name': 'es_events_stream_id_revision_key' }));
  });

  it('the stream head is one index probe', async () => {
    expect(await streamHead(pool, 'load-4242')).toMatchObject({ streamId: 'load-4242', revision: 9 });
  });

  it('es_append touches es_events through indexes only, and stays fast on a large log', async () => {
    // auto_explain reports the plans of the statements inside the PL/pgSQL function as notices.
    const store = new PostgresEventStore(pool);
    const client = await pool.connect();
    let plans: PlanNode[] = [];
    const collect = (notice: { message?: string }) => {
      const text = notice.message ?? '';
      const json = text.slice(text.indexOf('{'));
      try {
        const parsed = JSON.parse(json) as { Plan?: PlanNode };
        if (parsed.Plan) plans.push(...nodes(parsed.Plan));
      } catch {
        /* not a plan */
      }
    };
    const plansOf = async (append: () => Promise<unknown>): Promise<PlanNode[]> => {
      plans = [];
      await append();
      return plans;
    };
    const indexes = (walk: PlanNode[]) => [...new Set(walk.filter((n) => n['Node Type'].startsWith('Index')).map((n) => n['Index Name']))].sort();
    const seqScans = (walk: PlanNode[]) => walk.filter((n) => n['Relation Name'] === 'es_events' && n['Node Type'] === 'Seq Scan');
    client.on('notice', collect);
    try {
      await client.query(`LOAD 'auto_explain'`);
      await client.query(`SET auto_explain.log_min_duration = 0`);
      await client.query(`SET auto_explain.log_nested_statements = on`);
      await client.query(`SET auto_explain.log_format = json`);
      await client.query(`SET auto_explain.log_level = notice`);
      const event = newEvent();
      const append = () => store.appendInTransaction(client, [{ streamId: 'load-77', events: [event], expected: 9 }]);
      // The common case: the stream's head (one backward probe) and the INSERT, nothing else.
      const fresh = await plansOf(append);
      expect(seqScans(fresh)).toEqual([]);
      expect(indexes(fresh)).toEqual(['es_events_stream_id_revision_key']);
      // A retry (the INSERT skipped the stored id): the ids are looked up by the event id index.
      const retry = await plansOf(append);
      expect(seqScans(retry)).toEqual([]);
      expect(indexes(retry)).toEqual(expect.arrayContaining(['es_events_stream_id_revision_key', 'es_events_event_id_key']));
      // Several streams; and in a transaction that wrote before (positions after its own).
      const many = await plansOf(() =>
        store.appendInTransaction(client, [
          { streamId: 'load-78', events: [newEvent(), newEvent()], expected: 9 },
          { streamId: 'load-79', events: [newEvent()], expected: 9 },
        ]),
      );
      expect(seqScans(many)).toEqual([]);
      expect(indexes(many)).toEqual(['es_events_stream_id_revision_key']);
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      const after = await plansOf(() => store.appendInTransaction(client, [{ streamId: 'load-80', events: [newEvent()], expected: 9 }]));
      await client.query('ROLLBACK');
      expect(seqScans(after)).toEqual([]);
      expect(indexes(after)).toEqual(expect.arrayContaining(['es_events_stream_id_revision_key', 'es_events_pkey']));
    } finally {
      client.off('notice', collect);
      client.release(true);
    }

    const started = process.hrtime.bigint();
    for (let i = 0; i < 50; i++) await store.append(`load-${1000 + i}`, [newEvent()], { expected: 9 });
    const appendMs = Number(process.hrtime.bigint() - started) / 1e6 / 50;
    const readStarted = process.hrtime.bigint();
    let read = 0;
    for (let after = 0n, page = 0; page < 100; page++) {
      const result = await store.readAll({ after, maxCount: 500 });
      read += result.events.length;
      after = result.lastPosition;
    }
    const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
    console.log(
      `[postgres] on ${EVENTS} events: append of one event ${appendMs.toFixed(2)} ms on average (sequential); ` +
        `readAll ${Math.round(read / readSeconds)} events/s in pages of 500`,
    );
    expect(read).toBe(50_000);
    await store.close();
  });
});
