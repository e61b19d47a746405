// `npm run audit -- …`: an auditor's view of the event store, built from the events only (never
// from the read models).
//   npm run audit -- <orderId|orderNumber> [--as-of <ISO time>] [--json]   the order's timeline
//   npm run audit -- verify [--stream <id>] [--heads <file>] [--json]      the hash chains
//   npm run audit -- heads [--prefix <stream prefix>]                      stream heads, to keep
// Needs DATABASE_URL (see connection.cjs). Exit code 0 when all is well, 1 when verify finds a
// broken chain (or the order is unknown), 2 on a usage error.
'use strict';
const fs = require('node:fs');
const { libraries, connect } = require('./connection.cjs');
const { progressLine, formatCount } = require('../projections/progress.cjs');

const usage = `usage:
  npm run audit -- <orderId|orderNumber> [--as-of <ISO time>] [--json]
      the order's timeline (time, module, event, status, actor) from its events; with --as-of,
      only what the store had recorded by then, and the order as it stood then
  npm run audit -- verify [--stream <streamId>] [--heads <file>] [--json]
      walk the event store and report, per stream, the first altered, reordered or missing event;
      --heads compares with stream heads saved earlier by \`audit heads\` (catches removed or
      rewritten last events)
  npm run audit -- heads [--prefix <stream prefix>]
      print every stream's last revision and hash as JSON, to keep somewhere safe
environment: DATABASE_URL (required)`;

function fail(message) {
  process.stderr.write(`audit: ${message}\n${usage}\n`);
  process.exit(2);
}

function parse(argv) {
  const options = { json: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${arg} needs a value`));
    if (arg === '--json') options.json = true;
    else if (arg === '--as-of') options.asOf = value();
    else if (arg === '--stream') options.stream = value();
    else if (arg === '--heads') options.heads = value();
    else if (arg === '--prefix') options.prefix = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  if (options.positional.length !== 1) fail(options.positional.length === 0 ? 'what to audit? an order id or number, verify, or heads' : `one thing at a time (got ${options.positional.join(' ')})`);
  return options;
}

// ---------------------------------------------------------------- formatting

/** A plain-text table: columns sized to their content, long cells cut with an ellipsis. */
function table(columns, rows) {
  const cell = (value, max) => {
    const text = String(value ?? '');
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const widths = columns.map((column) => Math.min(column.max ?? 60, Math.max(column.title.length, ...rows.map((row) => cell(row[column.key], column.max ?? 60).length))));
  const line = (values) => values.map((value, i) => cell(value, widths[i]).padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((c) => row[c.key])))].join('\n');
}

function money(amount, currency) {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

// ---------------------------------------------------------------- the order's timeline

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveOrderId(connection, reference) {
  if (UUID.test(reference)) return reference.toLowerCase();
  if (!/^ORD-\d{4}-\d{6,}$/.test(reference)) fail(`${reference} is neither an order id (UUID) nor an order number (ORD-YYYY-NNNNNN)`);
  if (!connection.postgresEvents) fail('order numbers are looked up in the PostgreSQL event store; pass the order id instead');
  // From the events, not the read model: the number is in OrderPlaced (one scan of the log).
  const { rows } = await connection.pool.query(
    `SELECT data->>'orderId' AS id FROM es_events WHERE type = 'OrderPlaced' AND data->>'orderNumber' = $1 ORDER BY position LIMIT 1`,
    [reference],
  );
  return rows[0]?.id;
}

async function timeline(libs, connection, options) {
  const reference = options.positional[0];
  let asOf;
  if (options.asOf !== undefined) {
    asOf = new Date(options.asOf);
    if (!/^\d{4}-\d{2}-\d{2}(T.*([Zz]|[+-]\d{2}:?\d{2}))?$/.test(options.asOf) || Number.isNaN(asOf.getTime())) {
      fail(`--as-of ${options.asOf} is not an ISO 8601 instant with a zone (e.g. 2026-03-01T12:00:00Z)`);
    }
  }
  const orderId = await resolveOrderId(connection, reference);
  const streams = orderId ? ['order', 'invoice', 'shipment', 'booking', 'notification'].map((kind) => `${kind}-${orderId}`) : [];
  const all = orderId ? await libs.eventStore.readAllOfStreams(connection.store, streams) : [];
  if (all.length === 0 || all[0].type !== 'OrderPlaced') {
    process.stderr.write(`audit: no order ${reference} in the event store\n`);
    return 1;
  }
  const events = asOf ? libs.readModels.eventsRecordedBy(all, asOf) : all;
  const view = libs.readModels.orderViewFromEvents(events);
  if (!view) {
    process.stderr.write(`audit: order ${reference} had not been placed at ${asOf.toISOString()} (placed ${all[0].recordedAt.toISOString()})\n`);
    return 1;
  }
  const trail = libs.readModels.auditTrail(events);
  const chain = connection.postgresEvents ? await verifyStreams(libs, connection, streams) : undefined;

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ orderId, asOf: asOf?.toISOString() ?? null, order: view, events: trail, chain }, null, 2)}\n`);
    return 0;
  }
  const modules = ['finance', 'logistics', 'travel'].filter((module) => view.modules[module]).map((module) => `${module} ${view.modules[module].state}`).join(', ') || 'none';
  const out = [
    `Order ${view.orderNumber} (${view.id})  customer ${view.customerId}`,
    `Status ${view.status}${asOf ? ` as of ${asOf.toISOString()}` : ''}  total ${money(view.totals.total, view.currency)}  modules: ${modules}  version ${view.version}`,
    ...(view.cancellation ? [`Cancelled: ${view.cancellation.reason}${view.cancellation.note ? ` (${view.cancellation.note})` : ''} at ${view.cancellation.cancelledAt}`] : []),
    '',
    table(
      [
        { key: 'recordedAt', title: 'TIME (recorded)', max: 24 },
        { key: 'module', title: 'MODULE', max: 12 },
        { key: 'type', title: 'EVENT', max: 26 },
        { key: 'status', title: 'STATUS', max: 40 },
        { key: 'actor', title: 'ACTOR', max: 28 },
      ],
      trail,
    ),
    '',
    `${trail.length} events${asOf && all.length > events.length ? ` (${all.length - events.length} recorded later not shown)` : ''}; ` +
      `correlations: ${[...new Set(trail.map((entry) => entry.correlationId))].length}` +
      (chain ? `; hash chains of its ${chain.streams} streams: ${chain.problems.length === 0 ? 'intact' : `BROKEN (${chain.problems.map(describeProblem).join('; ')})`}` : ''),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

async function verifyStreams(libs, connection, streams) {
  let events = 0;
  let streamCount = 0;
  const problems = [];
  for (const streamId of streams) {
    const report = await libs.eventStore.verifyChain(connection.pool, { streamId });
    events += report.events;
    streamCount += report.streams;
    problems.push(...report.problems.map(jsonProblem));
  }
  return { events, streams: streamCount, problems };
}

// ---------------------------------------------------------------- verify and heads

function jsonProblem(problem) {
  return { ...problem, position: problem.position === null ? null : problem.position.toString() };
}

function describeProblem(problem) {
  const where = `${problem.streamId} revision ${problem.revision}`;
  const what = problem.eventId ? ` (${problem.type} ${problem.eventId}, position ${problem.position})` : '';
  return `${where}${what}: ${problem.kind} — ${problem.detail}`;
}

async function verify(libs, connection, options) {
  if (!connection.postgresEvents) fail('verify needs the PostgreSQL event store (the hash chain lives in es_events)');
  let expectedHeads;
  if (options.heads) {
    try {
      expectedHeads = JSON.parse(fs.readFileSync(options.heads, 'utf8'));
    } catch (error) {
      fail(`cannot read heads from ${options.heads}: ${error.message}`);
    }
    if (!Array.isArray(expectedHeads)) fail(`${options.heads} is not a list of heads (the output of \`npm run audit -- heads\`)`);
  }
  const total = options.stream
    ? undefined
    : Number((await connection.pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n);
  const progress = progressLine();
  const report = await libs.eventStore.verifyChain(connection.pool, {
    streamId: options.stream,
    expectedHeads,
    onProgress: (events) => total !== undefined && progress.update(events, total, 'verifying'),
  });
  progress.finish();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, problems: report.problems.map(jsonProblem), ok: report.problems.length === 0 }, null, 2)}\n`);
  } else if (report.problems.length === 0) {
    const what = options.stream ? `stream ${options.stream}` : `${formatCount(report.streams)} streams`;
    process.stdout.write(
      report.events === 0
        ? `no events${options.stream ? ` in stream ${options.stream}` : ''}\n`
        : `verified ${formatCount(report.events)} events in ${what}: every hash chain holds` + `${expectedHeads ? `, and every recorded head (${expectedHeads.length}) is still there` : ''}\n`,
    );
  } else {
    process.stdout.write(
      `TAMPERING DETECTED: ${report.problems.length} of ${formatCount(report.streams)} streams fail verification (${formatCount(report.events)} events checked)\n` +
        report.problems.map((problem) => `  ${describeProblem(problem)}`).join('\n') +
        '\n',
    );
  }
  return report.problems.length === 0 ? 0 : 1;
}

async function heads(libs, connection, options) {
  if (!connection.postgresEvents) fail('heads needs the PostgreSQL event store (the hash chain lives in es_events)');
  const list = await libs.eventStore.streamHeads(connection.pool, { streamPrefix: options.prefix });
  process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  return 0;
}

async function main() {
  const options = parse(process.argv.slice(2));
  const libs = await libraries();
  const connection = await connect('audit', libs);
  try {
    const [command] = options.positional;
    if (command === 'verify') return await verify(libs, connection, options);
    if (command === 'heads') return await heads(libs, connection, options);
    return await timeline(libs, connection, options);
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`audit failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
