// `npm run projections:rebuild [-- --batch 2000] [--keep-retired]`: rebuilds every read model
// (rm_orders, rm_timeline, rm_notifications) from position 0 of the event log into fresh tables
// and swaps them in atomically while the platform keeps serving (docs/adr/0003-projection-
// rebuild.md). Progress on stderr; the summary on stdout. Writes rm_* tables only: no event, no
// Kafka message, no notification. Needs DATABASE_URL (and EVENT_STORE=eventstoredb +
// EVENTSTORE_CONNECTION_STRING when the events live there).
'use strict';
const { libraries, connect } = require('../audit/connection.cjs');
const { progressLine, formatCount } = require('./progress.cjs');

const usage = `usage: npm run projections:rebuild [-- --batch <events per transaction>] [--keep-retired]
  --batch N        events applied per shadow transaction (default 2000)
  --keep-retired   keep the replaced tables in schema rm_retired (to compare them); dropped by default
environment: DATABASE_URL (required), EVENT_STORE, EVENTSTORE_CONNECTION_STRING`;

function parse(argv) {
  const options = { batchSize: 2_000, keepRetired: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep-retired') options.keepRetired = true;
    else if (arg === '--batch') {
      options.batchSize = Number(argv[++i]);
      if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 10_000) fail(`--batch must be an integer from 1 to 10000`);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return options;
}

function fail(message) {
  process.stderr.write(`projections:rebuild: ${message}\n${usage}\n`);
  process.exit(2);
}

const phaseLabels = { counting: 'counting events', copying: 'rebuilding', 'catching-up': 'catching up', swapping: 'swapping in', done: 'done' };

async function main() {
  const options = parse(process.argv.slice(2));
  const libs = await libraries();
  const connection = await connect('projections:rebuild', libs);
  const progress = progressLine();
  try {
    const report = await libs.readModels.rebuildReadModels({
      pool: connection.pool,
      store: connection.store,
      batchSize: options.batchSize,
      keepRetired: options.keepRetired,
      onProgress: (p) => progress.update(p.events, p.total, (phaseLabels[p.phase] ?? p.phase).padEnd(15)),
      log: (line) => {
        progress.finish();
        process.stderr.write(`${line}\n`);
      },
    });
    progress.finish();
    process.stdout.write(
      `rebuilt the read models from ${formatCount(report.events)} events in ${(report.durationMs / 1000).toFixed(1)} s ` +
        `(${formatCount(report.eventsPerSecond)} events/s); live at position ${report.position}; ` +
        `tables locked ${report.swapMs} ms for the swap (${formatCount(report.caughtUpInSwap)} events caught up)` +
        `${report.retiredSchema ? `; replaced tables kept in schema ${report.retiredSchema}` : ''}\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(`\nprojections:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
