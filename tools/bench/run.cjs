// `npm run bench [store|e2e|replay|all] [--quick] [--profile] [--head]`
//
// Each scenario gets a fresh embedded PostgreSQL (temp dir, removed after), prints a table,
// writes bench/results/<date>-<scenario>.json (…-quick.json for --quick) and exits 0 whether or
// not its targets are met: benchmarks report, they never fail a build. BENCHMARKS.md explains
// the method. Not part of `npm test`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs, startFreshPostgres, machine, machineLine, writeResult, compilePlatform, log, root } = require('./lib.cjs');

const scenarios = {
  store: () => require('./store.cjs'),
  e2e: () => require('./e2e.cjs'),
  replay: () => require('./replay.cjs'),
};

async function runScenario(name, args) {
  const scenario = scenarios[name]();
  log(`[bench] ${name}${args.quick ? ' (quick)' : ''}: starting a fresh embedded PostgreSQL`);
  const pg = await startFreshPostgres(undefined, { statements: args.profile && (name === 'e2e' || name === 'replay') });
  const host = machine(pg.version);
  log(`[bench] machine: ${machineLine(host)}`);
  const started = Date.now();
  const loadBefore = require('node:os').loadavg();
  let results;
  try {
    results = await scenario.run({ pg, quick: args.quick, profile: args.profile, args });
  } finally {
    await pg.stop();
  }
  // Other work on the machine shows here: the figures of a loaded machine are low and noisy.
  host.loadAverage1m = { before: Math.round(loadBefore[0] * 10) / 10, after: Math.round(require('node:os').loadavg()[0] * 10) / 10 };
  const record = { scenario: name, date: new Date().toISOString(), quick: args.quick, code: args.code, machine: host, durationSeconds: Math.round((Date.now() - started) / 1000), ...results };
  const file = writeResult(name, record, args.quick);
  const heading = `${name}${args.quick ? ' (quick)' : ''} — ${record.date.slice(0, 16).replace('T', ' ')} UTC, ${record.durationSeconds} s, code ${args.code} — ${machineLine(host)}; 1-min load average ${host.loadAverage1m.before} → ${host.loadAverage1m.after}`;
  const text = scenario.report(record);
  process.stdout.write(`\n== ${heading}\n\n${text}\n\nresults: ${file}\n`);
  if (!args.quick) updateMarkdown(name, heading, text, file);
}

/** Replaces the scenario's block of latest figures in BENCHMARKS.md (between its markers). */
function updateMarkdown(name, heading, text, file) {
  const target = path.join(root, 'BENCHMARKS.md');
  if (!fs.existsSync(target)) return;
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const doc = fs.readFileSync(target, 'utf8');
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) return;
  const block = `${start}\n${heading}\n(\`${file}\`)\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  fs.writeFileSync(target, doc.slice(0, from) + block + doc.slice(to));
  log(`[bench] BENCHMARKS.md: latest ${name} figures updated`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const requested = args.positional[0] ?? 'all';
  const names = requested === 'all' ? Object.keys(scenarios) : [requested];
  for (const name of names) {
    if (!scenarios[name]) {
      log(`unknown scenario "${name}": use store, e2e, replay or all`);
      process.exit(2);
    }
  }
  args.code = await compilePlatform({ head: args.flags.has('--head') });
  for (const name of names) await runScenario(name, args);
}

main().then(
  () => process.exit(0),
  (error) => {
    // A benchmark that could not run says so; it still never fails a test suite (not part of npm test).
    console.error(error);
    process.exit(1);
  },
);
