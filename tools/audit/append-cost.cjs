// Measures what an append costs (es_append, one round trip) on a fresh database: sequential
// single-event appends to new streams and to one growing stream, batches of 10, and 16
// concurrent writers — with synchronous_commit on (what production pays, WAL flush included)
// and off (closer to the function's own CPU cost). Used to compare es_append before and after
// the hash chain (docs/audit.md). `node tools/audit/append-cost.cjs [--quick] [--rounds N]
// [--baseline old-es_append.sql]`: with a baseline, each round runs it and then today's es_append
// on the same database, alternating, and the medians are compared (the old function still works
// on the new table: the hash columns are nullable). Uses DATABASE_URL's server when set
// (creating and dropping its own database), else an embedded one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { compile } = require('../build/compile.cjs');
const { openScratchDatabase } = require('../postgres/scratch-database.cjs');

const root = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const scale = quick ? 0.25 : 1;
const option = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const rounds = Number(option('--rounds') ?? 3);
const baselineFile = option('--baseline');
const serverOnly = process.argv.includes('--server-only');

function event(orderId) {
  return {
    eventId: randomUUID(),
    type: 'OrderPlaced',
    data: {
      orderId,
      orderNumber: 'ORD-2026-000042',
      customerId: 'customer-42',
      currency: 'EUR',
      lines: [{ lineId: randomUUID(), sku: 'BOOK-1', productType: 'physical', description: 'Paperback', quantity: 2, unitPrice: 1250 }],
      placedAt: new Date().toISOString(),
    },
    metadata: { orderId, correlationId: randomUUID(), causationId: randomUUID(), actor: { type: 'user', id: 'dev-client', role: 'client' }, occurredAt: new Date().toISOString(), schemaVersion: 1 },
  };
}

async function timed(label, count, run) {
  const started = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { label, perAppendMs: ms / count, perSecond: Math.round((count / ms) * 1000) };
}

/**
 * The function's own cost, without network or commit: `calls` es_append calls of `events`
 * events each in one transaction (rolled back), timed inside PostgreSQL; µs per call.
 */
async function serverSide(pool, calls, events) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const sample = event(randomUUID());
    const notices = [];
    const listen = (notice) => notices.push(notice.message);
    client.on('notice', listen);
    await client.query(`DO $do$
      DECLARE t0 timestamptz := clock_timestamp(); ids uuid[]; idx int[]; types text[]; data jsonb[]; meta jsonb[];
      BEGIN
        FOR i IN 1 .. ${calls} LOOP
          SELECT array_agg(gen_random_uuid()), array_agg(1), array_agg('OrderPlaced'::text), array_agg(${pgLiteral(JSON.stringify(sample.data))}::jsonb), array_agg(${pgLiteral(JSON.stringify(sample.metadata))}::jsonb)
            INTO ids, idx, types, data, meta FROM generate_series(1, ${events});
          PERFORM es_append(ARRAY['cost-' || gen_random_uuid()], ARRAY['no_stream'], ids, types, data, meta, idx, false);
        END LOOP;
        RAISE NOTICE 'elapsed %', extract(epoch FROM clock_timestamp() - t0);
      END $do$`);
    await client.query('ROLLBACK');
    client.off('notice', listen);
    const seconds = Number(notices.find((n) => n.startsWith('elapsed')).split(' ')[1]);
    return (seconds * 1e6) / calls;
  } finally {
    client.release();
  }
}

function pgLiteral(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

async function measure(store) {
  const results = [];
  const n = Math.round(1000 * scale);
  results.push(
    await timed(`${n} sequential appends of 1 event, new streams`, n, async () => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await store.append(`order-${id}`, [event(id)], { expected: 'no_stream' });
      }
    }),
  );
  const id = randomUUID();
  results.push(
    await timed(`${n} sequential appends of 1 event to one stream (expected revision)`, n, async () => {
      for (let i = 0; i < n; i++) await store.append(`order-${id}`, [event(id)], { expected: i === 0 ? 'no_stream' : i - 1 });
    }),
  );
  const batches = Math.round(300 * scale);
  results.push(
    await timed(`${batches} sequential appends of 10 events (per append)`, batches, async () => {
      for (let i = 0; i < batches; i++) {
        const stream = randomUUID();
        await store.append(`order-${stream}`, Array.from({ length: 10 }, () => event(stream)), { expected: 'no_stream' });
      }
    }),
  );
  const perWriter = Math.round(150 * scale);
  results.push(
    await timed(`16 concurrent writers × ${perWriter} appends of 1 event (per append, wall clock)`, 16 * perWriter, () =>
      Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = 0; i < perWriter; i++) {
            const stream = randomUUID();
            await store.append(`order-${stream}`, [event(stream)], { expected: 'no_stream' });
          }
        }),
      ),
    ),
  );
  return results;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  await compile();
  const { createEventStore } = require(path.join(root, 'dist/libs/event-store/src/index.js'));
  const scratch = await openScratchDatabase('append_cost');
  try {
    const { Pool } = require('pg');
    const { migrations } = require(path.join(root, 'dist/libs/event-store/src/index.js'));
    const current = migrations[migrations.length - 1].sql.slice(migrations[migrations.length - 1].sql.indexOf('DROP FUNCTION IF EXISTS es_append'));
    const variants = baselineFile ? [['before (baseline)', fs.readFileSync(baselineFile, 'utf8')], ['after (today)', current]] : [['today', current]];
    for (const synchronousCommit of serverOnly ? ['off'] : ['on', 'off']) {
      const pool = new Pool({ connectionString: scratch.url, max: 20, options: `-c synchronous_commit=${synchronousCommit}` });
      pool.on('error', () => undefined);
      const store = await createEventStore({ kind: 'postgres', pool });
      const samples = new Map();
      for (let round = 0; round < (serverOnly ? 0 : rounds); round++) {
        for (const [name, sql] of variants) {
          await pool.query(sql);
          // Warm up: connections, plans of the PL/pgSQL function.
          for (let i = 0; i < 50; i++) {
            const id = randomUUID();
            await store.append(`order-${id}`, [event(id)], { expected: 'no_stream' });
          }
          for (const result of await measure(store)) {
            const key = `${result.label}\u0000${name}`;
            samples.set(key, [...(samples.get(key) ?? []), result.perAppendMs]);
          }
        }
      }
      if (synchronousCommit === 'off') {
        for (let round = 0; round < rounds; round++) {
          for (const [name, sql] of variants) {
            await pool.query(sql);
            for (const events of [1, 10]) {
              const key = `server side: es_append of ${events} event${events > 1 ? 's' : ''}, no network, no commit (µs per call)\u0000${name}`;
              samples.set(key, [...(samples.get(key) ?? []), await serverSide(pool, Math.round(2000 * scale), events)]);
            }
          }
        }
      }
      console.log(`synchronous_commit=${synchronousCommit} (median of ${rounds} rounds, ms per append unless said otherwise)`);
      const labels = [...new Set([...samples.keys()].map((key) => key.split('\u0000')[0]))];
      for (const label of labels) {
        const medians = variants.map(([name]) => median(samples.get(`${label}\u0000${name}`)));
        const cells = variants.map(([name], i) => `${name} ${medians[i].toFixed(3)}`);
        const change = medians.length === 2 ? `  (${medians[1] >= medians[0] ? '+' : ''}${(((medians[1] - medians[0]) / medians[0]) * 100).toFixed(1)} %)` : '';
        console.log(`  ${label.padEnd(78)} ${cells.join('   ')}${change}`);
      }
      await store.close();
      await pool.end();
    }
  } finally {
    await scratch.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
