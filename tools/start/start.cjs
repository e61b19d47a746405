// `npm start`: the whole platform on one machine, nothing else installed. Compiles the
// TypeScript (SWC, ~1 s), starts an embedded PostgreSQL under .data/ when DATABASE_URL is
// unset, then every service as its own process with prefixed logs, waits for the gateway's
// readiness, prints its URL and the dev API keys, and on Ctrl-C/SIGTERM stops the services
// first and PostgreSQL last, leaving no process behind.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { compile } = require('../build/compile.cjs');
const { startEmbeddedPostgres } = require('../postgres/embedded-postgres.cjs');
const { serviceNodeArgs } = require('./service-node-args.cjs');

const root = path.resolve(__dirname, '../..');
const services = ['ordering', 'finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector', 'kafka-relay', 'gateway'];
const colors = [36, 32, 33, 35, 34, 96, 92, 93, 95];
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 60_000;

const children = new Map();
let postgres;
let stopping = false;

function log(line) {
  process.stdout.write(`[start] ${line}\n`);
}

async function databaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = path.join(root, '.data', 'postgres');
  log(`starting embedded PostgreSQL (data in ${path.relative(root, dataDir)}/)`);
  postgres = await startEmbeddedPostgres({ dataDir, persistent: true, port: numberOr(process.env.EMBEDDED_POSTGRES_PORT) });
  // embedded-postgres installs its own exit hooks; we own the shutdown order (services first).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(signal);
  const url = new URL(postgres.url);
  await ensureDatabase(postgres.url, 'oms');
  url.pathname = '/oms';
  return url.toString();
}

function numberOr(value) {
  return value ? Number(value) : undefined;
}

async function ensureDatabase(serverUrl, name) {
  const { Client } = require('pg');
  const client = new Client(serverUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

function startService(name, index, env) {
  const entry = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [...serviceNodeArgs(name), entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = process.stdout.isTTY ? `\u001b[${colors[index % colors.length]}m[${name}]\u001b[0m` : `[${name}]`;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the platform`);
      void stop(1);
    }
  });
  children.set(name, child);
}

async function waitForReady(port) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return true;
      last = await response.text();
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${last}`);
  return false;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping services…');
  const exits = [...children.values()].map(
    (child) =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
      }),
  );
  await Promise.all(exits);
  if (postgres) {
    log('stopping PostgreSQL…');
    await postgres.stop().catch((error) => log(`PostgreSQL stop: ${error.message}`));
  }
  log('stopped');
  process.exit(code);
}

async function main() {
  const started = Date.now();
  const count = await compile();
  log(`compiled ${count} files in ${Date.now() - started} ms`);
  const env = { ...process.env, DATABASE_URL: await databaseUrl() };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const port = Number(env.PORT ?? 3000);
  services
    .filter((name) => name !== 'kafka-relay' || env.KAFKA_BROKERS)
    .forEach((name, index) => startService(name, index, env));
  if (await waitForReady(port)) {
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`gateway: http://127.0.0.1:${port}/api/v1   docs: http://127.0.0.1:${port}/docs`);
    if (postgres) log(`embedded PostgreSQL (for npm run audit / projections:rebuild): DATABASE_URL=${env.DATABASE_URL}`);
    if (!env.API_KEYS) log('dev API keys (Authorization: Bearer <key>): dev-client, dev-operator, dev-auditor, dev-admin');
    log('Ctrl-C stops everything');
  } else if (!stopping) {
    await stop(1);
  }
}

main().catch(async (error) => {
  console.error(error);
  await stop(1);
});
