// `npm run bench replay`: rebuild every read model from a 1M-event log.
//
// 1. Real event shapes: the platform runs a few dozen mixed lifecycles through its HTTP API and
//    their events (every stream, internal ones included) become templates.
// 2. The log: templates cloned (every UUID and order number replaced, fresh event ids) and
//    interleaved as 64 concurrent lifecycles would be, bulk-inserted in the store's own table
//    format (positions = (inserting xid << 20) + ordinal, as es_append makes them).
// 3. The replay: the projector's ReadModelSubscription, in its own process, from position 0 into
//    fresh read-model tables, until it passes the last projected event: events/s, peak memory.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { fork } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { root, createDatabase, progress, fmt, table, nowMs, sleep, requireDist, postgresCpuSeconds, cpuSecondsOf, summarizeCpuProfile, resetStatements, topStatements, statementLines } = require('./lib.cjs');
const { startPlatform, stopPlatform, LoadGenerator } = require('./e2e.cjs');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ORDER_NUMBER = /ORD-(\d{4})-\d{6,}/g;

async function captureTemplates(pg, bar, quick) {
  const url = await createDatabase(pg.url, 'oms_template');
  bar.update('starting the platform to record real lifecycles', true);
  const platform = await startPlatform(url);
  const load = new LoadGenerator(platform.baseUrl, (text) => bar.update(`recording templates — ${text}`));
  const sample = [];
  try {
    await load.ready;
    // Until enough lifecycles completed to cover the mix (a loaded machine may need more time).
    for (let attempt = 0; attempt < 8 && sample.length < (quick ? 10 : 24); attempt++) {
      const r = await load.run('lifecycles', { concurrency: 8, warmupMs: 0, durationMs: quick ? 4_000 : 8_000, pollMs: 50 });
      sample.push(...r.sample);
    }
    await sleep(3_000); // notifications and module facts that follow `completed`
  } finally {
    load.stop();
    await stopPlatform(platform.children);
  }
  const client = new Client(url);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT metadata->>'orderId' AS order_id, stream_id, type, data::text AS data, metadata::text AS metadata
         FROM es_events WHERE metadata->>'orderId' = ANY($1::text[]) ORDER BY position`,
      [sample.map((s) => s.id)],
    );
    const byOrder = new Map();
    for (const row of rows) {
      if (!byOrder.has(row.order_id)) byOrder.set(row.order_id, []);
      byOrder.get(row.order_id).push(row);
    }
    const templates = sample.filter((s) => byOrder.has(s.id)).map((s) => ({ mix: s.mix, events: byOrder.get(s.id) }));
    const { rows: stats } = await client.query(`SELECT count(*)::int AS n, avg(length(data::text))::int AS data, avg(length(metadata::text))::int AS metadata FROM es_events`);
    return { templates, shape: stats[0] };
  } finally {
    await client.end();
  }
}

/** One clone of a template: fresh UUIDs (consistently within the clone) and order number. */
function cloneEvents(template, number) {
  const ids = new Map();
  const swap = (text) =>
    text
      .replace(UUID, (id) => {
        if (!ids.has(id)) ids.set(id, randomUUID());
        return ids.get(id);
      })
      .replace(ORDER_NUMBER, (_m, year) => `ORD-${year}-${String(number).padStart(7, '0')}`);
  const revisions = new Map();
  return template.events.map((e) => {
    const streamId = swap(e.stream_id);
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    return [streamId, revision, randomUUID(), e.type, swap(e.data), swap(e.metadata)];
  });
}

async function generateLog(url, templates, total, bar) {
  const client = new Client(url);
  await client.connect();
  const t0 = nowMs();
  const CHUNK = 5_000;
  const INFLIGHT = 64;
  let emitted = 0;
  let clones = 0;
  const active = [];
  const mixCount = {};
  const startClone = () => {
    const template = templates[clones % templates.length];
    mixCount[template.mix] = (mixCount[template.mix] ?? 0) + 1;
    active.push({ events: cloneEvents(template, ++clones), next: 0 });
  };
  try {
    while (emitted < total) {
      const columns = [[], [], [], [], [], []];
      while (columns[0].length < CHUNK && emitted < total) {
        while (active.length < INFLIGHT) startClone();
        // Interleave like concurrent lifecycles: each step, one in-flight lifecycle moves on.
        const index = Math.floor(Math.random() * active.length);
        const clone = active[index];
        const row = clone.events[clone.next++];
        for (let c = 0; c < 6; c++) columns[c].push(row[c]);
        emitted++;
        if (clone.next === clone.events.length) active.splice(index, 1);
      }
      await client.query(
        `INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT (pg_current_xact_id()::text::bigint << 20) + b.n - 1, b.stream_id, b.revision, b.event_id, b.type, b.data, b.metadata
           FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
                WITH ORDINALITY AS b(stream_id, revision, event_id, type, data, metadata, n)`,
        columns,
      );
      bar.update(`generating the log: ${fmt(emitted)}/${fmt(total)} events, ${fmt(emitted / ((nowMs() - t0) / 1000))}/s`);
    }
    await client.query('VACUUM (ANALYZE) es_events');
  } finally {
    await client.end();
  }
  return { seconds: (nowMs() - t0) / 1000, lifecyclesStarted: clones, byMix: mixCount };
}

async function run({ pg, quick, profile }) {
  const total = quick ? 100_000 : 1_000_000;
  const bar = progress('replay');
  const { templates, shape } = await captureTemplates(pg, bar, quick);
  if (templates.length === 0) throw new Error('no completed lifecycle to take event shapes from');
  bar.done(`recorded ${templates.length} real lifecycles (${templates.reduce((n, t) => n + t.events.length, 0)} events) as templates`);

  const url = await createDatabase(pg.url, 'oms_replay');
  const { createEventStore } = requireDist('event-store');
  const store = await createEventStore({ kind: 'postgres', databaseUrl: url });
  await store.close();
  const generation = await generateLog(url, templates, total, bar);
  bar.done(`generated ${fmt(total)} events (${fmt(generation.lifecyclesStarted)} lifecycles) in ${fmt(generation.seconds)} s`);

  const { contracts } = { contracts: requireDist('contracts') };
  const projected = Object.values(contracts.eventTypesByModule).flat();
  const client = new Client(url);
  await client.connect();
  const { rows } = await client.query(
    `SELECT (SELECT max(position) FROM es_events WHERE type = ANY($1::text[]))::text AS target, (SELECT min(position) FROM es_events)::text AS first,
            (SELECT count(*) FROM es_events WHERE type = ANY($1::text[]))::int AS projected,
            (SELECT count(*) FROM es_events)::int AS total, pg_size_pretty(pg_total_relation_size('es_events')) AS size`,
    [projected],
  );
  const { rows: mix } = await client.query(`SELECT type, count(*)::int AS n FROM es_events GROUP BY 1 ORDER BY 2 DESC`);
  await client.end();
  const log = rows[0];

  const profileDir = profile ? path.join(root, 'bench/results/profiles', `replay-${Date.now()}`) : undefined;
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (pg.statements) await resetStatements(url);
  const pg0 = postgresCpuSeconds(pg.dataDir);
  const first = BigInt(log.first);
  const span = Number(BigInt(log.target) - first) || 1;
  const child = fork(path.join(__dirname, 'replay-worker.cjs'), [url, log.target], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let childCpu = 0;
  const replay = await new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.type === 'progress') {
        childCpu = cpuSecondsOf(child.pid) || childCpu;
        const done = Math.max(0, Number(BigInt(m.position) - first) / span);
        bar.update(`replaying: ${(done * 100).toFixed(1)}% of the log, ~${fmt((done * log.total) / m.seconds)} events/s`);
      } else if (m.type === 'result') resolve(m.result);
      else if (m.type === 'error') reject(new Error(m.error));
    });
    child.once('exit', (code) => code && reject(new Error(`replay worker exited ${code}`)));
  });
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  const result = {
    params: { total, templates: templates.length, templateMix: templates.reduce((m, t) => ({ ...m, [t.mix]: (m[t.mix] ?? 0) + 1 }), {}) },
    recordedShape: shape,
    log: { events: log.total, projectedEvents: log.projected, size: log.size, typeMix: mix, generation },
    replay: {
      ...replay,
      eventsPerSec: log.total / replay.seconds,
      projectedEventsPerSec: log.projected / replay.seconds,
      cpuSeconds: { replayProcess: Math.round(childCpu * 10) / 10, postgres: Math.round((postgresCpuSeconds(pg.dataDir) - pg0) * 10) / 10 },
    },
  };
  if (pg.statements) result.postgresStatements = await topStatements(url, 15);
  bar.done(`replayed ${fmt(log.total)} events in ${fmt(replay.seconds, 1)} s: ${fmt(result.replay.eventsPerSec)} events/s, peak RSS ${replay.peakRssMiB} MiB`);
  if (profileDir) {
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) result.profile = { process: 'replay (ReadModelSubscription)', ...summarizeCpuProfile(path.join(profileDir, file), 20) };
  }
  result.targets = [
    { target: 'replay ≥ 50,000 events/s', value: Math.round(result.replay.eventsPerSec), goal: 50_000, unit: 'events/s' },
  ].map((t) => ({ ...t, met: t.value >= t.goal }));
  return result;
}

function report(r) {
  const rows = [['figure', 'value']];
  rows.push(['log', `${fmt(r.log.events)} events (${fmt(r.log.projectedEvents)} of projected types), ${r.log.size}; cloned from ${r.params.templates} real lifecycles`]);
  rows.push(['event shape (mean JSON bytes, data / metadata)', `${r.recordedShape.data} / ${r.recordedShape.metadata}`]);
  rows.push(['replay time (s)', fmt(r.replay.seconds, 1)]);
  rows.push(['replay events/s (whole log)', fmt(r.replay.eventsPerSec)]);
  rows.push(['replay events/s (projected types only)', fmt(r.replay.projectedEventsPerSec)]);
  rows.push(['peak RSS of the replay process (MiB)', fmt(r.replay.peakRssMiB, 1)]);
  rows.push(['CPU seconds: replay process / PostgreSQL', `${r.replay.cpuSeconds.replayProcess} / ${r.replay.cpuSeconds.postgres}`]);
  rows.push(['read models built', Object.entries(r.replay.readModels).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')]);
  const lines = [table(rows), '', 'targets:'];
  for (const t of r.targets) lines.push(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${fmt(t.value)} ${t.unit}`);
  if (r.postgresStatements) lines.push(...statementLines(r.postgresStatements, 'during the replay'));
  if (r.profile) {
    lines.push('', `CPU profile (${r.profile.process}), top functions by self time of ${r.profile.totalMs} ms:`);
    for (const f of r.profile.top) lines.push(`  ${String(f.selfPct).padStart(5)}%  ${f.function}`);
  }
  return lines.join('\n');
}

module.exports = { run, report };
