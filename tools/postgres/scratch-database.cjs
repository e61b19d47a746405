// A throw-away database for a measuring script: on the server at DATABASE_URL when it is set,
// otherwise on an embedded PostgreSQL started for the purpose (and stopped by close()).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('./embedded-postgres.cjs');

/**
 * @param {string} prefix the database's name is `${prefix}_${pid}`
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} close() drops the database
 *   (ending any connection still on it) and stops the embedded server if one was started.
 */
async function openScratchDatabase(prefix) {
  let serverUrl = process.env.DATABASE_URL;
  let embedded;
  let dir;
  if (!serverUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `oms-${prefix}-`));
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
    serverUrl = embedded.url;
  }
  const database = `${prefix}_${process.pid}`;
  const admin = new Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async close() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      } finally {
        if (embedded) await embedded.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { openScratchDatabase };
