// `node tools/bench/append-anatomy.cjs [--head] [--appends=N]`: where the server time of one
// es_append goes, statement by statement. A fresh embedded PostgreSQL; one connection loads
// auto_explain (log_nested_statements, log_analyze) and makes N single-event appends to new
// streams; the server log is parsed and the nested statements' durations summed. Instrumentation
// inflates every figure alike: read the shares, not the absolute times.
'use strict';
const { Client } = require('pg');
const { parseArgs, startFreshPostgres, createDatabase, compilePlatform, requireDist, nowMs, log } = require('./lib.cjs');
const { newEvent } = require('./event-shape.cjs');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const appends = Number(args.value('appends') ?? 300);
  await compilePlatform({ head: args.flags.has('--head') });
  const lines = [];
  let capture = false;
  const pg = await startFreshPostgres((line) => capture && lines.push(line));
  try {
    const url = await createDatabase(pg.url, 'anatomy');
    const { createEventStore, appendStatement } = requireDist('event-store');
    const store = await createEventStore({ kind: 'postgres', databaseUrl: url });
    await store.close();
    const client = new Client(url);
    await client.connect();
    for (let i = 0; i < 50; i++) await client.query(appendStatement([{ streamId: `warm-${i}`, events: [newEvent()], expected: 'any' }]));
    const plain = nowMs();
    for (let i = 0; i < appends; i++) await client.query(appendStatement([{ streamId: `plain-${i}`, events: [newEvent()], expected: 'any' }]));
    const plainMs = (nowMs() - plain) / appends;
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on;
                        SET auto_explain.log_timing = on; SET auto_explain.log_format = 'json'`);
    capture = true;
    for (let i = 0; i < appends; i++) await client.query(appendStatement([{ streamId: `s-${i}`, events: [newEvent()], expected: 'any' }]));
    await client.end();
    await new Promise((resolve) => setTimeout(resolve, 500));
    capture = false;
    // Each logged plan: "duration: X ms  plan:" followed by JSON with "Query Text".
    const text = lines.join('\n');
    const totals = new Map();
    const re = /duration: ([\d.]+) ms\s+plan:\s*\{\s*"Query Text": "((?:[^"\\]|\\.)*)"/g;
    for (let m; (m = re.exec(text)); ) {
      const query = JSON.parse(`"${m[2]}"`).replace(/\s+/g, ' ').trim().slice(0, 110);
      const t = totals.get(query) ?? { ms: 0, n: 0 };
      t.ms += Number(m[1]);
      t.n++;
      totals.set(query, t);
    }
    const outer = [...totals.entries()].find(([q]) => q.includes('FROM es_append('));
    const outerMs = outer ? outer[1].ms : NaN;
    const nested = [...totals.entries()].filter(([q]) => !q.includes('FROM es_append('));
    const nestedMs = nested.reduce((s, [, t]) => s + t.ms, 0);
    process.stdout.write(`es_append, 1 event, new stream: ${appends} appends; client round trip without instrumentation ${plainMs.toFixed(3)} ms\n`);
    process.stdout.write(`instrumented: whole call ${(outerMs / appends).toFixed(3)} ms per append, nested statements ${(nestedMs / appends).toFixed(3)} ms (${((nestedMs / outerMs) * 100).toFixed(0)}%)\n\n`);
    for (const [query, t] of nested.sort((a, b) => b[1].ms - a[1].ms)) {
      process.stdout.write(`${((t.ms / outerMs) * 100).toFixed(1).padStart(5)}%  ${(t.ms / appends).toFixed(4)} ms  ×${(t.n / appends).toFixed(0)}  ${query}\n`);
    }
  } finally {
    await pg.stop();
  }
}

main().catch((error) => {
  log(String(error?.stack ?? error));
  process.exit(1);
});
