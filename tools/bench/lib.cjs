// Shared helpers of the benchmarks: a throw-away embedded PostgreSQL, the machine line,
// percentiles, a progress line, the result table and files, /proc readings, CPU-profile summaries.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '../..');
const resultsDir = path.join(root, 'bench', 'results');
/** Where the compiled platform lives: the work tree, or (`--head`) a copy of the last commit. */
const platformRoot = () => process.env.BENCH_PLATFORM_ROOT ?? root;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const positional = argv.filter((a) => !a.startsWith('--'));
  const value = (name) => {
    const hit = argv.find((a) => a.startsWith(`--${name}=`));
    return hit ? hit.slice(name.length + 3) : undefined;
  };
  return { flags, positional, value, quick: flags.has('--quick'), profile: flags.has('--profile') };
}

// ---------------------------------------------------------------- PostgreSQL

const { startEmbeddedPostgres } = require(path.join(root, 'tools/postgres/embedded-postgres.cjs'));

/** A fresh cluster in a temp dir (removed on stop), fsync on, default config like `npm start`. */
async function startFreshPostgres(log = () => {}, { statements = false } = {}) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-'));
  fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, 'pg');
  const started = Date.now();
  // persistent: the temp dir is removed by stop() below, and a restart must keep the data.
  let pg = await startEmbeddedPostgres({ dataDir, persistent: true, log });
  if (statements) {
    // pg_stat_statements needs shared_preload_libraries: set it, restart on the same data and port.
    const { Client } = require('pg');
    const admin = new Client(pg.url);
    await admin.connect();
    await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await admin.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
    await admin.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
    await admin.end();
    await pg.stop();
    pg = await startEmbeddedPostgres({ dataDir, persistent: true, port: pg.port, log });
  }
  // embedded-postgres installs its own exit hooks; we own the shutdown order.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(signal);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pg.stop().catch(() => undefined);
    fs.rmSync(base, { recursive: true, force: true });
  };
  const onSignal = () => {
    void stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { Client } = require('pg');
  const client = new Client(pg.url);
  await client.connect();
  const version = (await client.query('SHOW server_version')).rows[0].server_version;
  await client.end();
  return { url: pg.url, port: pg.port, dataDir, version, statements, startedInMs: Date.now() - started, stop };
}

/** Top statements by total execution time since the last reset (needs startFreshPostgres({ statements })). */
async function topStatements(url, limit = 15) {
  const { Client } = require('pg');
  const client = new Client(url);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT toplevel, calls::int, round(total_exec_time)::int AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms,
              round(total_plan_time)::int AS plan_ms,
              rows::bigint::text AS rows, round((shared_blks_hit + shared_blks_read)::numeric / greatest(calls, 1), 1)::float AS blocks_per_call,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Report lines for topStatements' rows, under a heading saying what they cover. */
function statementLines(statements, heading) {
  const total = statements.filter((q) => q.toplevel).reduce((n, q) => n + q.total_ms, 0);
  const planning = statements.filter((q) => q.toplevel).reduce((n, q) => n + (q.plan_ms ?? 0), 0);
  const lines = ['', `PostgreSQL ${heading} (pg_stat_statements, top statements by total execution time, planning time apart; 'in fn' = nested in a function):`];
  for (const q of statements) {
    const blocks = q.blocks_per_call === undefined ? '' : `${String(q.blocks_per_call).padStart(8)} blocks/call`;
    const plan = q.plan_ms === undefined ? '' : ` ${String(q.plan_ms).padStart(6)} ms planning`;
    lines.push(`  ${String(q.total_ms).padStart(7)} ms  ${String(q.calls).padStart(7)} calls  ${String(q.mean_ms).padStart(7)} ms/call ${blocks}${plan}  ${q.toplevel ? '     ' : 'in fn'}  ${q.query.slice(0, 100)}`);
  }
  lines.push(`  (top-level statements listed: ${total} ms executing, ${planning} ms planning)`);
  return lines;
}

async function resetStatements(url) {
  const { Client } = require('pg');
  const client = new Client(url);
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir) {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

async function createDatabase(serverUrl, name) {
  const { Client } = require('pg');
  const client = new Client(serverUrl);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------- machine

function machine(pgVersion) {
  const cpus = os.cpus();
  let nproc = cpus.length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    /* os.cpus() it is */
  }
  return {
    cores: nproc,
    cpu: cpus[0]?.model?.trim(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    postgres: pgVersion,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function machineLine(m) {
  return `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, PostgreSQL ${m.postgres} (embedded, default config, fsync on), Node ${m.node}`;
}

// ---------------------------------------------------------------- numbers

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Latencies in ms → { n, p50, p95, p99, max, mean }. */
function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const round = (x) => Math.round(x * 100) / 100;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[n - 1] ?? NaN),
    mean: round(n ? sum / n : NaN),
  };
}

function fmt(n, digits = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '—';
  if (typeof n === 'string') return n;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- output

/** One line rewritten in place on a terminal; elsewhere a line every few seconds. */
function progress(label) {
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  let lastText = '';
  return {
    update(text, force = false) {
      lastText = text;
      const now = Date.now();
      if (tty) {
        if (now - lastPrint < 100 && !force) return;
        process.stderr.write(`\r\u001b[K[${label}] ${text}`);
      } else {
        if (now - lastPrint < 5_000 && !force) return;
        process.stderr.write(`[${label}] ${text}\n`);
      }
      lastPrint = now;
    },
    done(text = lastText) {
      if (tty) process.stderr.write(`\r\u001b[K[${label}] ${text}\n`);
      else process.stderr.write(`[${label}] ${text}\n`);
    },
  };
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

/** rows: array of arrays (first = header). Right-aligns numbers. */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) =>
    r.map((cell, c) => {
      const s = String(cell ?? '');
      return /^[\d,.\-—×%+≥≤ <>/x]+$/.test(s) && c > 0 ? s.padStart(widths[c]) : s.padEnd(widths[c]);
    }).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function markdownTable(rows) {
  return [`| ${rows[0].join(' | ')} |`, `| ${rows[0].map(() => '---').join(' | ')} |`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function writeResult(scenario, result, quick) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${today()}-${scenario}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  return path.relative(root, file);
}

// ---------------------------------------------------------------- /proc

const CLOCK_TICKS = 100;

/** { vmHWMKiB, vmRSSKiB } of a live process, from /proc/<pid>/status. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
    return { vmHWMKiB: kib('VmHWM'), vmRSSKiB: kib('VmRSS') };
  } catch {
    return { vmHWMKiB: NaN, vmRSSKiB: NaN };
  }
}

/** CPU seconds (user + system) a live process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** The postmaster and its children (backends, walwriter, checkpointer…). */
function postgresPids(dataDir) {
  const master = postmasterPid(dataDir);
  if (!master) return [];
  const pids = [master];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** CPU seconds used by the whole PostgreSQL cluster: its processes' own time plus their reaped children's. */
function postgresCpuSeconds(dataDir) {
  let total = 0;
  for (const pid of postgresPids(dataDir)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: exited backends are counted in the postmaster's c*time.
      total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLOCK_TICKS;
    } catch {
      /* gone */
    }
  }
  return total;
}

// ---------------------------------------------------------------- CPU profiles

/** Top functions by self time of a V8 .cpuprofile (node --cpu-prof). */
function summarizeCpuProfile(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const cf = node.callFrame;
    const where = cf.url ? `${path.relative(root, cf.url.replace(/^file:\/\//, '')) || cf.url}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    file: path.relative(root, file),
    totalMs: Math.round(total),
    top: rows.map(([fn, ms]) => ({ function: fn, selfMs: Math.round(ms), selfPct: Math.round((ms / total) * 1000) / 10 })),
  };
}

// ---------------------------------------------------------------- compiled platform code

/**
 * Compiles apps/ and libs/ with tools/build/compile.cjs. With `head`, the last commit is
 * exported to a temp dir (node_modules linked) and compiled there, so that uncommitted work in
 * the tree (someone else's half-done edit) cannot break or skew a run; children find it through
 * BENCH_PLATFORM_ROOT.
 */
async function compilePlatform({ head = false } = {}) {
  let dir = root;
  if (head) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-head-'));
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C "${dir}"`], { cwd: root });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    process.env.BENCH_PLATFORM_ROOT = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    log(`[bench] measuring commit ${commit} (exported to ${dir})`);
  }
  const { compile } = require(path.join(dir, 'tools/build/compile.cjs'));
  const started = Date.now();
  const count = await compile();
  log(`[bench] compiled ${count} files to ${path.join(dir, 'dist')} in ${Date.now() - started} ms`);
  let code = 'unknown';
  try {
    code = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: root, encoding: 'utf8' }).trim();
    if (!head && dirty) code += ' + uncommitted changes';
  } catch {
    /* not a git checkout */
  }
  return code;
}

function requireDist(lib) {
  return require(path.join(platformRoot(), 'dist/libs', lib, 'src/index.js'));
}

module.exports = {
  root,
  resultsDir,
  platformRoot,
  parseArgs,
  startFreshPostgres,
  topStatements,
  statementLines,
  resetStatements,
  createDatabase,
  postmasterPid,
  machine,
  machineLine,
  summarize,
  percentile,
  fmt,
  nowMs,
  sleep,
  progress,
  log,
  table,
  markdownTable,
  today,
  writeResult,
  memoryOf,
  cpuSecondsOf,
  postgresPids,
  postgresCpuSeconds,
  summarizeCpuProfile,
  compilePlatform,
  requireDist,
};
