// `npm run bench e2e`: every service its own process (as `npm start` runs them, from dist/), driven
// only through the gateway's HTTP API by a load generator in another process (e2e-load.cjs).
'use strict';
const { freePort } = require('../net/free-port.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, fork } = require('node:child_process');
const { Client } = require('pg');
const lib = require('./lib.cjs');
const { serviceNodeArgs } = require('../start/service-node-args.cjs');

const { root, platformRoot, createDatabase, topStatements, resetStatements, statementLines, progress, fmt, table, memoryOf, cpuSecondsOf, postgresCpuSeconds, sleep, summarizeCpuProfile } = lib;
const SERVICES = ['ordering', 'finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector', 'gateway'];


/** Starts the platform like startSystem (libs/testing) / npm start: one process per service. */
async function startPlatform(databaseUrl, { profileDir } = {}) {
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) };
  for (const service of [...SERVICES, 'kafka-relay']) env[`${service.toUpperCase().replace(/-/g, '_')}_ADDRESS`] = `127.0.0.1:${await freePort()}`;
  delete env.KAFKA_BROKERS;
  const children = new Map();
  const output = new Map();
  for (const service of SERVICES) {
    const args = serviceNodeArgs(service);
    if (profileDir) args.push('-r', path.join(__dirname, 'cpu-profile-hook.cjs'));
    args.push(path.join(platformRoot(), 'dist/apps', service, 'src/main.js'));
    const child = spawn(process.execPath, args, {
      cwd: platformRoot(),
      env: { ...env, BENCH_SERVICE: service, ...(profileDir ? { BENCH_CPU_PROFILE_DIR: profileDir } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    const keep = (chunk) => {
      lines.push(chunk.toString());
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    children.set(service, child);
    output.set(service, lines);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  let last = '';
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.status === 200) break;
      last = await response.text();
    } catch (error) {
      last = String(error);
    }
    const dead = [...children].find(([, c]) => c.exitCode !== null);
    if (dead || Date.now() > deadline) {
      await stopPlatform(children);
      throw new Error(`platform not ready: ${last}\n${[...output].map(([s, l]) => `--- ${s}\n${l.join('').slice(-1500)}`).join('\n')}`);
    }
    await sleep(250);
  }
  return { baseUrl, children, output };
}

async function stopPlatform(children) {
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

function assertAlive(platform) {
  const dead = [...platform.children].filter(([, c]) => c.exitCode !== null || c.signalCode !== null).map(([s, c]) => `${s} (${c.exitCode ?? c.signalCode})`);
  if (dead.length) throw new Error(`services exited during the run: ${dead.join(', ')}`);
}

class LoadGenerator {
  constructor(baseUrl, onProgress) {
    this.child = fork(path.join(__dirname, 'e2e-load.cjs'), [baseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve) => {
      this.child.on('message', (message) => {
        if (message.type === 'ready') return resolve();
        if (message.type === 'progress') return onProgress(message.text);
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.type === 'error') waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      });
    });
  }

  run(task, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, task, params });
    });
  }

  stop() {
    this.child.kill('SIGTERM');
  }
}

/** CPU seconds of each service, the load generator and PostgreSQL since the last call. */
function cpuMeter(platform, load, dataDir) {
  const read = () => {
    const r = {};
    for (const [service, child] of platform.children) r[service] = cpuSecondsOf(child.pid);
    r['load generator'] = cpuSecondsOf(load.child.pid);
    r.postgres = postgresCpuSeconds(dataDir);
    return r;
  };
  let last = read();
  let lastAt = Date.now();
  return () => {
    const now = read();
    const seconds = (Date.now() - lastAt) / 1000;
    const share = Object.fromEntries(Object.keys(now).map((k) => [k, Math.round(((now[k] - last[k]) / seconds) * 100) / 100]));
    last = now;
    lastAt = Date.now();
    return share; // cores used on average
  };
}

async function eventsPerLifecycle(databaseUrl, sample) {
  if (sample.length === 0) return undefined;
  const client = new Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT metadata->>'orderId' AS id, count(*)::int AS events FROM es_events WHERE metadata->>'orderId' = ANY($1::text[]) GROUP BY 1`,
      [sample.map((s) => s.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r.events]));
    const byMix = {};
    for (const s of sample) (byMix[s.mix] ??= []).push(byId.get(s.id) ?? 0);
    const mean = (a) => Math.round((a.reduce((x, y) => x + y, 0) / a.length) * 10) / 10;
    const { rows: types } = await client.query(
      `SELECT type, count(*)::int AS n FROM es_events WHERE metadata->>'orderId' = ANY($1::text[]) GROUP BY 1 ORDER BY 2 DESC`,
      [sample.map((s) => s.id)],
    );
    return { overall: mean(sample.map((s) => byId.get(s.id) ?? 0)), byMix: Object.fromEntries(Object.entries(byMix).map(([k, v]) => [k, mean(v)])), sampled: sample.length, types };
  } finally {
    await client.end();
  }
}

async function run({ pg, quick, profile }) {
  const p = quick
    ? { warmupMs: 2_000, durationMs: 8_000, levels: [32], placeConcurrency: 32, halfMs: 8_000 }
    : { warmupMs: 5_000, durationMs: 30_000, levels: [16, 48, 96], placeConcurrency: 64, halfMs: 30_000 };
  const bar = progress('e2e');
  const databaseUrl = await createDatabase(pg.url, 'oms');
  const profileDir = profile ? path.join(root, 'bench/results/profiles', `e2e-${Date.now()}`) : undefined;
  bar.update('starting the platform (8 services)', true);
  const platform = await startPlatform(databaseUrl, { profileDir });
  const load = new LoadGenerator(platform.baseUrl, (text) => bar.update(text));
  const results = { params: p, saturation: [], services: {} };
  try {
    await load.ready;
    const meter = cpuMeter(platform, load, pg.dataDir);
    // Warm-up (JIT, pools, caches).
    await load.run('lifecycles', { concurrency: 8, warmupMs: 0, durationMs: p.warmupMs, pollMs: 50 });
    meter();

    // 1. Completed lifecycles/s at saturation: closed loops at growing concurrency, the best is saturation.
    for (const [i, concurrency] of p.levels.entries()) {
      const last = i === p.levels.length - 1;
      if (profileDir && last) for (const child of platform.children.values()) child.kill('SIGWINCH');
      if (pg.statements && last) await resetStatements(databaseUrl);
      const r = await load.run('lifecycles', { concurrency, warmupMs: p.warmupMs, durationMs: p.durationMs, pollMs: 20 });
      r.coresUsed = meter();
      if (pg.statements && last) results.postgresStatements = await topStatements(databaseUrl, 15);
      if (profileDir && last) {
        for (const child of platform.children.values()) child.kill('SIGWINCH');
        await sleep(2_000);
      }
      results.saturation.push(r);
      assertAlive(platform);
      bar.done(`${concurrency} concurrent lifecycles: ${fmt(r.perSec, 1)} completed/s, lifecycle p50 ${fmt(r.lifecycleMs.p50)} ms`);
    }
    const best = results.saturation.reduce((a, b) => (b.perSec > a.perSec ? b : a));
    results.lifecyclesPerSec = best.perSec;

    // 2. Placements/s at saturation.
    meter();
    results.placements = await load.run('placements', { concurrency: p.placeConcurrency, warmupMs: p.warmupMs / 2, durationMs: p.durationMs / 2 });
    results.placements.coresUsed = meter();
    assertAlive(platform);
    bar.done(`placements: ${fmt(results.placements.perSec)}/s, p99 ${results.placements.latencyMs.p99} ms`);

    // 3. Half of saturation, open loop: command latency and projection lag.
    const rate = Math.max(1, best.perSec / 2);
    meter();
    results.half = await load.run('openLoop', { ratePerSec: rate, durationMs: p.halfMs, pollMs: 20, lagPollMs: 5, drainMs: 60_000 });
    results.half.coresUsed = meter();
    bar.done(`half saturation (${fmt(rate, 1)} lifecycles/s): command p99 ${results.half.commandLatencyMs.p99} ms, projection lag p99 ${results.half.projectionLagMs?.p99} ms`);

    // 4. Events appended per lifecycle (from the log, for completed lifecycles).
    results.eventsPerLifecycle = await eventsPerLifecycle(databaseUrl, [...best.sample, ...results.half.sample]);

    // 5. Peak RSS of each service.
    for (const [service, child] of platform.children) {
      const m = memoryOf(child.pid);
      results.services[service] = { peakRssMiB: Math.round((m.vmHWMKiB / 1024) * 10) / 10, rssMiB: Math.round((m.vmRSSKiB / 1024) * 10) / 10, alive: child.exitCode === null };
    }
    results.services['load generator'] = { peakRssMiB: Math.round((memoryOf(load.child.pid).vmHWMKiB / 1024) * 10) / 10 };
  } catch (error) {
    results.failure = String(error?.stack ?? error);
    results.serviceOutput = Object.fromEntries([...platform.output].map(([s, l]) => [s, l.join('').slice(-2000)]));
    throw Object.assign(error, { results });
  } finally {
    load.stop();
    bar.update('stopping the platform', true);
    await stopPlatform(platform.children);
  }
  if (profileDir) {
    const top = Object.entries(results.saturation.at(-1).coresUsed)
      .filter(([k]) => SERVICES.includes(k))
      .sort((a, b) => b[1] - a[1]);
    results.profiles = [];
    for (const [service] of top.slice(0, 2)) {
      const file = path.join(profileDir, `${service}.cpuprofile`);
      if (fs.existsSync(file)) results.profiles.push({ process: service, ...summarizeCpuProfile(file, 15) });
    }
  }
  results.targets = targets(results);
  return results;
}

function targets(r) {
  const peak = Math.max(...Object.entries(r.services).filter(([k]) => SERVICES.includes(k)).map(([, v]) => v.peakRssMiB));
  const list = [
    { target: '≥ 1,000 placements/s', value: Math.round(r.placements.perSec), goal: 1000, unit: '/s' },
    { target: '≥ 200 completed lifecycles/s', value: Math.round(r.lifecyclesPerSec * 10) / 10, goal: 200, unit: '/s' },
    { target: 'command latency p99 ≤ 50 ms at half saturation', value: r.half.commandLatencyMs.p99, goal: 50, unit: 'ms', atMost: true },
    { target: 'projection lag p99 ≤ 100 ms at half saturation', value: r.half.projectionLagMs?.p99, goal: 100, unit: 'ms', atMost: true },
    { target: 'no service above 200 MB RSS (MiB)', value: peak, goal: 200 / 1.048576, unit: 'MiB', atMost: true },
  ];
  return list.map((t) => ({ ...t, met: t.atMost ? t.value <= t.goal : t.value >= t.goal }));
}

function report(r) {
  const rows = [['figure', 'value']];
  for (const s of r.saturation) {
    const polls = s.readModelPolls ? `; ${fmt(s.readModelPolls / (s.seconds + r.params.warmupMs / 1000))} GET polls/s` : '';
    rows.push([`completed lifecycles/s, ${s.concurrency} concurrent (lifecycle p50 / p99 ms${polls ? '; read-model polls' : ''})`, `${fmt(s.perSec, 1)} (${fmt(s.lifecycleMs.p50)} / ${fmt(s.lifecycleMs.p99)}${polls})`]);
  }
  rows.push(['completed lifecycles/s at saturation', fmt(r.lifecyclesPerSec, 1)]);
  rows.push([`placements/s (${r.placements.concurrency} concurrent; p50 / p99 ms)`, `${fmt(r.placements.perSec)} (${r.placements.latencyMs.p50} / ${r.placements.latencyMs.p99})`]);
  const h = r.half;
  rows.push([`half saturation: ${fmt(h.ratePerSec, 1)} lifecycles/s offered, completed/s`, fmt(h.completedPerSec, 1)]);
  rows.push(['command latency p50 / p95 / p99 (ms), all commands', `${h.commandLatencyMs.p50} / ${h.commandLatencyMs.p95} / ${h.commandLatencyMs.p99}`]);
  for (const [kind, s] of Object.entries(h.commandLatencyByKindMs)) rows.push([`  ${kind} p50 / p95 / p99 (ms)`, `${s.p50} / ${s.p95} / ${s.p99}`]);
  if (h.projectionLagMs) rows.push(['projection lag p50 / p99 (ms), commit → visible', `${h.projectionLagMs.p50} / ${h.projectionLagMs.p99}`]);
  if (r.eventsPerLifecycle) rows.push(['events appended per lifecycle (mean; by mix)', `${r.eventsPerLifecycle.overall} (${Object.entries(r.eventsPerLifecycle.byMix).map(([k, v]) => `${k} ${v}`).join(', ')})`]);
  for (const [service, s] of Object.entries(r.services)) rows.push([`peak RSS ${service} (MiB)`, fmt(s.peakRssMiB, 1)]);
  const sat = r.saturation.reduce((a, b) => (b.perSec > a.perSec ? b : a));
  rows.push(['cores used at saturation', Object.entries(sat.coresUsed).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')]);
  const errors = { ...sat.errors, ...r.half.errors };
  if (Object.keys(errors).length) rows.push(['errors seen', Object.entries(errors).map(([k, v]) => `${k} ×${v}`).join('; ')]);
  const lines = [table(rows), '', 'targets:'];
  for (const t of r.targets) lines.push(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${t.value} ${t.unit}`);
  if (r.postgresStatements) lines.push(...statementLines(r.postgresStatements, 'during the last saturation level'));
  for (const prof of r.profiles ?? []) {
    lines.push('', `CPU profile of ${prof.process} during the last saturation level, top functions by self time of ${prof.totalMs} ms:`);
    for (const f of prof.top) lines.push(`  ${String(f.selfPct).padStart(5)}%  ${f.function}`);
  }
  return lines.join('\n');
}

module.exports = { run, report, startPlatform, stopPlatform, LoadGenerator };
