// The replay of `npm run bench replay`, in its own process so that its peak memory is its own:
// the projector's ReadModelSubscription (the code the projector service runs) from position 0
// into freshly migrated read-model tables, until the checkpoint passes the last projected event.
'use strict';
const { Pool } = require('pg');
const { requireDist, nowMs, sleep, memoryOf } = require('./lib.cjs');

async function main() {
  const [url, targetText] = process.argv.slice(2);
  const target = BigInt(targetText);
  const { createEventStore } = requireDist('event-store');
  const { ReadModelSubscription } = requireDist('projector');
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = await createEventStore({ kind: 'postgres', databaseUrl: url, migrate: false });
  const quiet = { log: () => {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) };
  const projections = new ReadModelSubscription(pool, store, quiet);
  const t0 = nowMs();
  let peakRss = 0;
  await projections.start();
  for (;;) {
    const position = projections.checkpoint;
    peakRss = Math.max(peakRss, memoryOf(process.pid).vmRSSKiB);
    process.send?.({ type: 'progress', position: position.toString(), seconds: (nowMs() - t0) / 1000 });
    if (position >= target) break;
    await sleep(200);
  }
  const seconds = (nowMs() - t0) / 1000;
  await projections.stop();
  await store.close();
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM rm_orders)::int AS orders, (SELECT count(*) FROM rm_orders WHERE status = 'completed')::int AS completed,
            (SELECT count(*) FROM rm_timeline)::int AS timeline, (SELECT count(*) FROM rm_notifications)::int AS notifications`,
  );
  await pool.end();
  const memory = memoryOf(process.pid);
  // Disconnect after the last message: the process then ends normally (and --cpu-prof writes).
  process.send({ type: 'result', result: { seconds, readModels: rows[0], peakRssMiB: Math.round((memory.vmHWMKiB / 1024) * 10) / 10 } }, () => process.disconnect());
}

main().catch((error) => {
  process.exitCode = 1;
  process.send({ type: 'error', error: String(error?.stack ?? error) }, () => process.disconnect());
});
