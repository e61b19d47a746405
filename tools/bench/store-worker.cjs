// One event store (or the plain-INSERT ceiling) in its own Node process, driven over IPC by
// store.cjs. Separate processes because Emmett's driver (dumbo) replaces node-postgres' global
// json/jsonb parsers on load: in one process it would change how our store parses rows too.
'use strict';
const { Pool } = require('pg');
const { newEvent, emmettEvent } = require('./event-shape.cjs');
const { nowMs, sleep, summarize, requireDist } = require('./lib.cjs');

const kind = process.argv[2]; // oms | emmett | plain
const send = (message) => process.send?.(message);
const progress = (text) => send({ type: 'progress', text });

// ---------------------------------------------------------------- adapters

/** Every adapter: append(streamId, count), readStream(streamId), subscribe(onBatch) → stop, close. */
async function omsAdapter(url, poolSize, { withoutNotify = false } = {}) {
  const { createEventStore, migrations } = requireDist('event-store');
  const store = await createEventStore({ kind: 'postgres', databaseUrl: url, postgres: { poolSize } });
  if (withoutNotify) {
    // Diagnostic only, in the benchmark's own database: es_append as shipped minus its NOTIFY,
    // to measure what the commit-time NOTIFY lock costs concurrent writers.
    const sql = migrations.find((m) => /es_append/.test(m.name)).sql;
    const stripped = sql.replace("PERFORM pg_notify('es_events', '');", '');
    if (stripped === sql) throw new Error('es_append has no pg_notify to strip');
    await store.pool.query(stripped);
  }
  return {
    async append(streamId, count) {
      const events = Array.from({ length: count }, newEvent);
      await store.append(streamId, events, { expected: 'any' });
      return 0;
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).length;
    },
    subscribe(batchSize, onBatch) {
      const subscription = store.subscribeToAll({
        after: 0n,
        maxBatchSize: batchSize,
        handler: async (events) => onBatch(events.map((e) => ({ id: e.eventId, data: e.data }))),
      });
      return () => subscription.stop();
    },
    committedIds: async () => (await store.pool.query('SELECT event_id::text AS id FROM es_events')).rows.map((r) => r.id),
    close: () => store.close(),
  };
}

async function emmettAdapter(url, poolSize) {
  const emmett = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import('@event-driven-io/dumbo');
  const { isExpectedVersionConflictError } = await import('@event-driven-io/emmett');
  // dumbo ignores `max` in connection options: hand it a pool of the size we want.
  const pgPool = new Pool({ connectionString: url, max: poolSize });
  const store = emmett.getPostgreSQLEventStore(url, { connectionOptions: { pool: pgPool } });
  await store.schema.migrate();
  const readerPool = dumbo({ connectionString: url });
  return {
    async append(streamId, count) {
      const events = Array.from({ length: count }, emmettEvent);
      // Without an expected version Emmett still checks the stream's position it read, so
      // concurrent writers of one stream conflict: retry, as a command handler would.
      for (let conflicts = 0; ; conflicts++) {
        try {
          await store.appendToStream(streamId, events);
          return conflicts;
        } catch (error) {
          if (!isExpectedVersionConflictError(error) && !/duplicate key|could not serialize|version/i.test(String(error?.message))) throw error;
        }
      }
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    subscribe(batchSize, onBatch) {
      // The batch puller is what Emmett's consumers (reactors, projectors) run on; used directly
      // it leaves out their checkpoint writes and locks, as our figure leaves out checkpoints.
      const controller = new AbortController();
      const puller = emmett.postgreSQLEventStoreMessageBatchPuller({
        executor: readerPool.execute,
        batchSize,
        pullingFrequencyInMs: 0,
        signal: controller.signal,
        eachBatch: async (messages) => onBatch(messages.map((m) => ({ id: m.metadata.messageId, data: m.data }))),
      });
      const running = puller.start({ startFrom: 'BEGINNING' });
      return async () => {
        controller.abort();
        await puller.stop();
        await running;
      };
    },
    committedIds: async () => (await pgPool.query('SELECT message_id AS id FROM emt_messages')).rows.map((r) => r.id),
    close: async () => {
      await store.close().catch(() => undefined);
      await readerPool.close().catch(() => undefined);
      await pgPool.end().catch(() => undefined);
    },
  };
}

async function plainAdapter(url, poolSize) {
  const pool = new Pool({ connectionString: url, max: poolSize });
  await pool.query(`CREATE TABLE IF NOT EXISTS plain_events (
    stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb)`);
  const statements = new Map();
  const statement = (count) => {
    if (!statements.has(count)) {
      const rows = Array.from({ length: count }, (_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}::jsonb, $${i * 6 + 6}::jsonb)`);
      statements.set(count, `INSERT INTO plain_events (stream_id, revision, event_id, type, data, metadata) VALUES ${rows.join(', ')}`);
    }
    return statements.get(count);
  };
  return {
    async append(streamId, count) {
      const values = [];
      for (let i = 0; i < count; i++) {
        const e = newEvent();
        values.push(streamId, i, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
      }
      await pool.query(statement(count), values);
      return 0;
    },
    close: () => pool.end(),
  };
}

const adapters = { oms: omsAdapter, 'oms-nonotify': (url, size) => omsAdapter(url, size, { withoutNotify: true }), emmett: emmettAdapter, plain: plainAdapter };

// ---------------------------------------------------------------- tasks

let cellCounter = 0;

/** `writers` loops appending for warmupMs + durationMs; counts what completes in the measured window. */
async function throughput(store, { writers, eventsPerAppend, hot, durationMs, warmupMs }) {
  const cell = `${process.pid}-${cellCounter++}`;
  const start = nowMs();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + durationMs;
  let appends = 0;
  let conflicts = 0;
  let errors = 0;
  let firstError;
  const latencies = [];
  const timer = setInterval(() => {
    const elapsed = Math.max(0, nowMs() - measureFrom) / 1000;
    progress(elapsed > 0 ? `${(appends / elapsed).toFixed(0)} appends/s` : 'warming up');
  }, 1000);
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; nowMs() < measureTo; i++) {
        const streamId = hot ? `hot-${cell}` : `s-${cell}-${w}-${i}`;
        const t0 = nowMs();
        try {
          conflicts += await store.append(streamId, eventsPerAppend);
        } catch (error) {
          errors++;
          firstError ??= String(error?.message ?? error);
          await sleep(5);
          continue;
        }
        const t1 = nowMs();
        if (t0 >= measureFrom && t1 <= measureTo) {
          appends++;
          latencies.push(t1 - t0);
        }
      }
    }),
  );
  clearInterval(timer);
  const seconds = durationMs / 1000;
  return {
    appends,
    appendsPerSec: appends / seconds,
    eventsPerSec: (appends * eventsPerAppend) / seconds,
    conflictsRetried: conflicts,
    errors,
    firstError,
    latencyMs: summarize(latencies),
  };
}

async function latency(store, { count }) {
  const values = [];
  for (let i = 0; i < count; i++) {
    const t0 = nowMs();
    await store.append(`lat-${process.pid}-${i}`, 1);
    values.push(nowMs() - t0);
    if (i % 200 === 0) progress(`${i}/${count}`);
  }
  return summarize(values.slice(Math.min(50, Math.floor(count / 10)))); // first appends warm the connections
}

async function readStream(store, { events, reads }) {
  const streamId = `rs-${process.pid}`;
  for (let i = 0; i < events / 10; i++) await store.append(streamId, 10);
  const values = [];
  for (let i = 0; i < reads + 3; i++) {
    const t0 = nowMs();
    const n = await store.readStream(streamId);
    if (n !== events) throw new Error(`readStream returned ${n} events, expected ${events}`);
    if (i >= 3) values.push(nowMs() - t0);
  }
  const s = summarize(values);
  return { ...s, eventsPerSec: events / (s.mean / 1000) };
}

/** Catch-up from position 0 over a prefilled log of `expected` events, JSON parsed by the driver. */
async function catchup(store, { expected, batchSize, timeLimitMs }) {
  let delivered = 0;
  let touched = 0;
  const t0 = nowMs();
  let finished;
  const done = new Promise((resolve) => (finished = resolve));
  const stop = store.subscribe(batchSize, async (events) => {
    for (const e of events) if (e.data && e.data.orderId) touched++;
    delivered += events.length;
    if (delivered >= expected) finished();
  });
  const timer = setInterval(() => progress(`${delivered.toLocaleString('en-US')}/${expected.toLocaleString('en-US')} events, ${(delivered / ((nowMs() - t0) / 1000)).toFixed(0)}/s`), 1000);
  const limit = setTimeout(finished, timeLimitMs);
  await done;
  const seconds = (nowMs() - t0) / 1000;
  clearTimeout(limit);
  clearInterval(timer);
  await stop();
  return { expected, delivered, seconds, eventsPerSec: delivered / seconds, finished: delivered >= expected, parsedOk: touched === delivered };
}

/**
 * A reader catching up from 0 while `writers` writers append 1 event each to distinct streams;
 * afterwards, what it delivered is compared with what was committed.
 */
async function missed(store, { writers, durationMs, batchSize, drainIdleMs }) {
  const seen = new Map();
  let deliveries = 0;
  let lastProgressAt = nowMs();
  const stop = store.subscribe(batchSize, async (events) => {
    for (const e of events) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    deliveries += events.length;
    lastProgressAt = nowMs();
  });
  const writing = throughput(store, { writers, eventsPerAppend: 1, hot: false, durationMs, warmupMs: 0 });
  const written = await writing;
  // Let the reader drain: until it has everything, or delivered nothing new for drainIdleMs.
  let committed = await store.committedIds();
  for (;;) {
    if (seen.size >= committed.length && [...committed].every((id) => seen.has(id))) break;
    if (nowMs() - lastProgressAt > drainIdleMs) break;
    progress(`draining: ${seen.size}/${committed.length}`);
    await sleep(250);
  }
  await stop();
  committed = await store.committedIds();
  const committedSet = new Set(committed);
  let missing = 0;
  for (const id of committedSet) if (!seen.has(id)) missing++;
  let phantom = 0;
  for (const id of seen.keys()) if (!committedSet.has(id)) phantom++;
  return {
    writers,
    writerAppendsPerSec: written.appendsPerSec,
    committed: committedSet.size,
    deliveredDistinct: seen.size,
    deliveries,
    missed: missing,
    duplicates: deliveries - seen.size,
    phantom,
  };
}

const tasks = { throughput, latency, readStream, catchup, missed };

// ---------------------------------------------------------------- IPC loop

let store;
process.on('message', async (message) => {
  try {
    if (message.type === 'open') {
      store = await adapters[kind](message.url, message.poolSize ?? 16);
      send({ type: 'result', id: message.id, result: true });
    } else if (message.type === 'task') {
      const result = await tasks[message.task](store, message.params);
      send({ type: 'result', id: message.id, result });
    } else if (message.type === 'close') {
      await store?.close();
      store = undefined;
      send({ type: 'result', id: message.id, result: true });
    } else if (message.type === 'exit') {
      process.exit(0);
    }
  } catch (error) {
    send({ type: 'error', id: message.id, error: String(error?.stack ?? error) });
  }
});
send({ type: 'ready' });
