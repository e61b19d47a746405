// `npm run bench store`: our PostgreSQL event store against Emmett 0.42's and against plain
// INSERTs of the same rows into a bare table, on one fresh embedded PostgreSQL, in one run.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { fork } = require('node:child_process');
const { Client } = require('pg');
const { createDatabase, progress, fmt, table, summarizeCpuProfile, root, nowMs, postgresCpuSeconds, cpuSecondsOf } = require('./lib.cjs');
const { sizes, sqlShape } = require('./event-shape.cjs');

const LABEL = { oms: 'ours', 'oms-nonotify': 'ours without NOTIFY (diagnostic)', emmett: 'Emmett 0.42', plain: 'plain INSERT' };

class Worker {
  constructor(kind, { profileDir } = {}) {
    this.kind = kind;
    this.pending = new Map();
    this.nextId = 1;
    this.onProgress = () => {};
    const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    this.child = fork(path.join(__dirname, 'store-worker.cjs'), [kind], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.on('message', (message) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'progress') this.onProgress(message.text);
        else {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.type === 'error') waiter?.reject(new Error(`${kind} worker: ${message.error}`));
          else waiter?.resolve(message.result);
        }
      });
      this.child.once('exit', (code) => {
        for (const waiter of this.pending.values()) waiter.reject(new Error(`${kind} worker exited (${code})`));
        this.pending.clear();
      });
    });
  }

  request(message) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  open(url, poolSize = 16) {
    return this.request({ type: 'open', url, poolSize });
  }

  task(task, params) {
    return this.request({ type: 'task', task, params });
  }

  close() {
    return this.request({ type: 'close' });
  }

  async exit() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'exit' });
    await exited;
  }
}

// ---------------------------------------------------------------- bulk loads (catch-up figure)

const CHUNK = 100_000; // < 2^20 events per transaction (our positions' ordinal bits)

async function bulkLoad(url, kind, count, bar) {
  const client = new Client(url);
  await client.connect();
  const t0 = nowMs();
  try {
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      const shape = sqlShape('g', `md5('o' || (g / 10))::uuid::text`);
      if (kind === 'oms') {
        await client.query(
          `INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
           SELECT (pg_current_xact_id()::text::bigint << 20) + (g - $1), 'order-' || (g / 10), g % 10, gen_random_uuid(), 'OrderPlaced',
                  ${shape.data}, ${shape.metadata}
             FROM generate_series($1::bigint, $2::bigint) g`,
          [from, to],
        );
      } else {
        await client.query(
          `INSERT INTO emt_messages (stream_id, stream_position, partition, message_data, message_metadata,
                                     message_schema_version, message_type, message_kind, message_id, transaction_id)
           SELECT 'order-' || (g / 10), g % 10 + 1, 'emt:default', ${shape.data},
                  jsonb_build_object('messageId', id) || ${shape.metadata}, '1', 'OrderPlaced', 'E', id, pg_current_xact_id()
             FROM (SELECT g, gen_random_uuid()::text AS id FROM generate_series($1::bigint, $2::bigint) g) s`,
          [from, to],
        );
      }
      bar.update(`bulk-loading ${LABEL[kind]}: ${(to + 1).toLocaleString('en-US')}/${count.toLocaleString('en-US')}`);
    }
    await client.query(kind === 'oms' ? 'VACUUM (ANALYZE) es_events' : 'VACUUM (ANALYZE) emt_messages');
  } finally {
    await client.end();
  }
  return (nowMs() - t0) / 1000;
}

// ---------------------------------------------------------------- the run

async function run({ pg, quick, profile }) {
  const p = quick
    ? { warmupMs: 300, durationMs: 1_500, latencyCount: 300, reads: 10, missedPrefill: 5_000, missedMs: 4_000, catchup: 100_000, peerCatchupLimitMs: 10_000 }
    : { warmupMs: 1_000, durationMs: 5_000, latencyCount: 3_000, reads: 50, missedPrefill: 50_000, missedMs: 20_000, catchup: 1_000_000, peerCatchupLimitMs: 60_000 };
  const profileDir = profile ? path.join(root, 'bench/results/profiles', `store-${Date.now()}`) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const bar = progress('store');
  const urls = {};
  for (const kind of ['oms', 'oms-nonotify', 'emmett', 'plain']) urls[kind] = await createDatabase(pg.url, `bench_${kind.replace('-', '_')}`);
  const workers = {
    oms: new Worker('oms', { profileDir }),
    'oms-nonotify': new Worker('oms-nonotify'),
    emmett: new Worker('emmett'),
    plain: new Worker('plain'),
  };
  const cpu = { oms: 0, 'oms-nonotify': 0, emmett: 0, plain: 0, postgres: 0 };
  let lastCpu = {};
  const timed = async (kind, what, fn) => {
    workers[kind].onProgress = (text) => bar.update(`${what} — ${LABEL[kind]}: ${text}`);
    bar.update(`${what} — ${LABEL[kind]}`, true);
    const c0 = cpuSecondsOf(workers[kind].child.pid);
    const pg0 = postgresCpuSeconds(pg.dataDir);
    const result = await fn();
    lastCpu = { client: cpuSecondsOf(workers[kind].child.pid) - c0, postgres: postgresCpuSeconds(pg.dataDir) - pg0 };
    cpu[kind] += lastCpu.client;
    cpu.postgres += lastCpu.postgres;
    return result;
  };
  const results = { eventShape: sizes(), params: p, throughput: [], ceiling: [], latency: {}, readStream: {}, missed: {}, catchup: {} };
  try {
    await Promise.all(Object.values(workers).map((w) => w.ready));
    for (const kind of Object.keys(workers)) await workers[kind].open(urls[kind]);

    // 1. Appends/s: 1 and 16 writers × 1 and 10 events × distinct streams and one hot stream.
    for (const hot of [false, true]) {
      for (const writers of [1, 16]) {
        for (const eventsPerAppend of [1, 10]) {
          const cell = { writers, eventsPerAppend, target: hot ? 'one hot stream' : 'distinct streams' };
          const what = `${writers} writer(s) × ${eventsPerAppend} event(s), ${cell.target}`;
          const row = { ...cell };
          // The NOTIFY diagnostic only where it matters: many writers, distinct streams.
          const kinds = writers > 1 && !hot ? ['oms', 'emmett', 'oms-nonotify'] : ['oms', 'emmett'];
          for (const kind of kinds) {
            row[kind] = await timed(kind, what, () => workers[kind].task('throughput', { writers, eventsPerAppend, hot, durationMs: p.durationMs, warmupMs: p.warmupMs }));
            row[kind].cpuMsPerEvent = cpuPerEvent(lastCpu, row[kind], p);
          }
          results.throughput.push(row);
          bar.done(`${what}: ours ${fmt(row.oms.eventsPerSec)} events/s, Emmett ${fmt(row.emmett.eventsPerSec)} events/s`);
        }
      }
    }
    for (const writers of [1, 16]) {
      for (const rows of [1, 10]) {
        const what = `ceiling: ${writers} client(s) × ${rows}-row INSERT`;
        const r = await timed('plain', what, () => workers.plain.task('throughput', { writers, eventsPerAppend: rows, hot: false, durationMs: p.durationMs, warmupMs: p.warmupMs }));
        r.cpuMsPerEvent = cpuPerEvent(lastCpu, r, p);
        results.ceiling.push({ clients: writers, rowsPerInsert: rows, ...r });
        bar.done(`${what}: ${fmt(r.eventsPerSec)} rows/s`);
      }
    }

    // 2. Single-append latency, one writer, one event, new stream each time.
    for (const kind of ['oms', 'emmett', 'plain']) {
      results.latency[kind] = await timed(kind, 'single-append latency', () => workers[kind].task('latency', { count: p.latencyCount }));
      bar.done(`single-append latency ${LABEL[kind]}: p50 ${results.latency[kind].p50} ms, p99 ${results.latency[kind].p99} ms`);
    }

    // 3. readStream of a 1,000-event stream.
    for (const kind of ['oms', 'emmett']) {
      results.readStream[kind] = await timed(kind, 'readStream 1,000 events', () => workers[kind].task('readStream', { events: 1000, reads: p.reads }));
      bar.done(`readStream(1,000) ${LABEL[kind]}: p50 ${results.readStream[kind].p50} ms`);
    }
    for (const kind of Object.keys(workers)) await workers[kind].close();

    // 4. Missed events: a reader catching up from 0 while 16 writers append (fresh databases).
    for (const kind of ['oms', 'emmett']) {
      const url = await createDatabase(pg.url, `bench_${kind}_missed`);
      await workers[kind].open(url);
      await bulkLoad(url, kind, p.missedPrefill, bar);
      results.missed[kind] = await timed(kind, `catch-up from 0 over ${p.missedPrefill} events while 16 writers append`, () =>
        workers[kind].task('missed', { writers: 16, durationMs: p.missedMs, batchSize: 500, drainIdleMs: 5_000 }),
      );
      results.missed[kind].prefill = p.missedPrefill;
      await workers[kind].close();
      const m = results.missed[kind];
      bar.done(`missed ${LABEL[kind]}: committed ${m.committed}, delivered ${m.deliveredDistinct}, missed ${m.missed}, duplicates ${m.duplicates}`);
    }

    // 5. Catch-up of the global log from 0 over 1M events (bulk-loaded in each store's format).
    for (const kind of ['oms', 'emmett']) {
      const url = await createDatabase(pg.url, `bench_${kind}_catchup`);
      await workers[kind].open(url);
      const loadSeconds = await bulkLoad(url, kind, p.catchup, bar);
      const limit = kind === 'oms' ? 15 * 60_000 : p.peerCatchupLimitMs;
      results.catchup[kind] = await timed(kind, `catch-up from 0 over ${fmt(p.catchup)} events`, () =>
        workers[kind].task('catchup', { expected: p.catchup, batchSize: 500, timeLimitMs: limit }),
      );
      results.catchup[kind].bulkLoadSeconds = loadSeconds;
      results.catchup[kind].timeLimitSeconds = limit / 1000;
      await workers[kind].close();
      bar.done(`catch-up ${LABEL[kind]}: ${fmt(results.catchup[kind].eventsPerSec)} events/s${results.catchup[kind].finished ? '' : ' (time limit reached)'}`);
    }
  } finally {
    await Promise.all(Object.values(workers).map((w) => w.exit().catch(() => undefined)));
  }
  results.cpuSeconds = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  if (profileDir) {
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) results.profile = { process: 'our store worker (whole scenario)', ...summarizeCpuProfile(path.join(profileDir, file)) };
  }
  results.targets = targets(results);
  return results;
}

/** CPU milliseconds (client process, PostgreSQL) per event over a cell (warm-up included, so slightly high). */
function cpuPerEvent(cpu, r, p) {
  const events = (r.eventsPerSec * (p.durationMs + p.warmupMs)) / 1000;
  return { client: Math.round((cpu.client * 1e6) / events) / 1000, postgres: Math.round((cpu.postgres * 1e6) / events) / 1000 };
}

function cell(results, writers, eventsPerAppend, target = 'distinct streams') {
  return results.throughput.find((r) => r.writers === writers && r.eventsPerAppend === eventsPerAppend && r.target === target);
}

function targets(r) {
  const c16x1 = cell(r, 16, 1);
  const c16x10 = cell(r, 16, 10);
  const ceiling16 = r.ceiling.find((c) => c.clients === 16 && c.rowsPerInsert === 1);
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const list = [
    { target: '16 writers × 1 event ≥ 3× the peer', value: ratio(c16x1.oms.eventsPerSec, c16x1.emmett.eventsPerSec), goal: 3, unit: '×' },
    { target: '16 writers × 1 event ≥ 75% of plain INSERT (16 clients)', value: ratio(c16x1.oms.eventsPerSec, ceiling16.eventsPerSec), goal: 0.75, unit: '' },
    { target: '16 writers × 10 events ≥ 2× the peer', value: ratio(c16x10.oms.eventsPerSec, c16x10.emmett.eventsPerSec), goal: 2, unit: '×' },
    { target: 'single-append p99 ≤ 5 ms', value: r.latency.oms.p99, goal: 5, unit: 'ms', atMost: true },
    { target: 'global catch-up ≥ 100,000 events/s (JSON parsed)', value: Math.round(r.catchup.oms.eventsPerSec), goal: 100_000, unit: 'events/s' },
    { target: 'events missed = 0 (16 concurrent writers)', value: r.missed.oms.missed, goal: 0, unit: '', atMost: true },
  ];
  return list.map((t) => ({ ...t, met: t.atMost ? t.value <= t.goal : t.value >= t.goal }));
}

function report(r) {
  const rows = [['figure', 'ours', 'Emmett 0.42', 'plain INSERT', 'ours / Emmett', 'ours / plain']];
  for (const t of r.throughput) {
    const plain = t.target === 'distinct streams' ? r.ceiling.find((c) => c.clients === t.writers && c.rowsPerInsert === t.eventsPerAppend) : undefined;
    const name = `appends: ${t.writers} writer${t.writers > 1 ? 's' : ''} × ${t.eventsPerAppend} event${t.eventsPerAppend > 1 ? 's' : ''}, ${t.target} (events/s)`;
    const conflicts = t.emmett.conflictsRetried ? ` (${fmt(t.emmett.conflictsRetried)} conflicts retried)` : '';
    rows.push([
      name,
      fmt(t.oms.eventsPerSec),
      `${fmt(t.emmett.eventsPerSec)}${conflicts}`,
      plain ? fmt(plain.eventsPerSec) : '',
      `${fmt(t.oms.eventsPerSec / t.emmett.eventsPerSec, 2)}×`,
      plain ? `${fmt((t.oms.eventsPerSec / plain.eventsPerSec) * 100)}%` : '',
    ]);
  }
  for (const t of r.throughput.filter((x) => x['oms-nonotify'])) {
    rows.push([
      `diagnostic: ours without NOTIFY, ${t.writers} writers × ${t.eventsPerAppend} event${t.eventsPerAppend > 1 ? 's' : ''} (events/s)`,
      fmt(t['oms-nonotify'].eventsPerSec),
      '',
      '',
      `${fmt(t['oms-nonotify'].eventsPerSec / t.emmett.eventsPerSec, 2)}×`,
      '',
    ]);
  }
  const cpuRow = (t) => (t ? `${t.cpuMsPerEvent.client} + ${t.cpuMsPerEvent.postgres}` : '');
  for (const t of r.throughput.filter((x) => x.target === 'distinct streams')) {
    const plain = r.ceiling.find((c) => c.clients === t.writers && c.rowsPerInsert === t.eventsPerAppend);
    rows.push([`CPU ms per event (client + PostgreSQL), ${t.writers}×${t.eventsPerAppend}`, cpuRow(t.oms), cpuRow(t.emmett), cpuRow(plain), '', '']);
  }
  for (const kind of ['p50', 'p99']) {
    rows.push([`single append latency ${kind} (ms)`, fmt(r.latency.oms[kind], 2), fmt(r.latency.emmett[kind], 2), fmt(r.latency.plain[kind], 2), '', '']);
  }
  rows.push(['readStream, 1,000-event stream, p50 (ms)', fmt(r.readStream.oms.p50, 1), fmt(r.readStream.emmett.p50, 1), '', '', '']);
  const cu = (c) => `${fmt(c.eventsPerSec)}${c.finished ? '' : ` (${fmt(c.delivered)} in ${fmt(c.seconds)} s, stopped)`}`;
  rows.push([`catch-up from 0 over ${fmt(r.params.catchup)} events (events/s)`, cu(r.catchup.oms), cu(r.catchup.emmett), '', `${fmt(r.catchup.oms.eventsPerSec / r.catchup.emmett.eventsPerSec, 1)}×`, '']);
  const m = (x) => `${fmt(x.missed)} missed, ${fmt(x.duplicates)} dup. of ${fmt(x.committed)}`;
  rows.push(['catch-up during 16 writers: events missed', m(r.missed.oms), m(r.missed.emmett), '', '', '']);
  const lines = [table(rows), '', 'targets:'];
  for (const t of r.targets) lines.push(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${t.value}${t.unit === '×' ? '×' : t.unit ? ` ${t.unit}` : ''}`);
  lines.push('', `CPU seconds over the scenario: ${Object.entries(r.cpuSeconds).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.profile) {
    lines.push('', `CPU profile (${r.profile.process}), top functions by self time of ${r.profile.totalMs} ms:`);
    for (const f of r.profile.top) lines.push(`  ${String(f.selfPct).padStart(5)}%  ${f.function}`);
  }
  return lines.join('\n');
}

module.exports = { run, report };
