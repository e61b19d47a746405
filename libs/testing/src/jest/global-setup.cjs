// Starts one throw-away embedded PostgreSQL for the whole Jest run unless one is given
// (TEST_DATABASE_URL, set by `npm test` for all projects at once). Tests create their own
// databases on it (see ../postgres/test-database.ts), so test files never share state.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../../../../tools/postgres/embedded-postgres.cjs');

module.exports = async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  process.env.TEST_DATABASE_URL = server.url;
  globalThis.__OMS_TEST_POSTGRES__ = { server, dir };
};
