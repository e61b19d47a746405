// `npm test`: type-check, lint, then every project's tests through Nx, against one embedded
// PostgreSQL started here for the whole run (each test file makes its own database on it),
// and one Kafka broker (tools/kafka/broker.cjs) when java and mvn are installed: its address
// is TEST_KAFKA_BROKERS. On CI (CI=true) a broker that cannot start fails the run; elsewhere
// the Kafka specs then say plainly that they were skipped.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../postgres/embedded-postgres.cjs');
const { canRunKafka, startKafka } = require('../kafka/broker.cjs');

const root = path.resolve(__dirname, '../..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

/**
 * Runs one step and resolves whether it passed. Asynchronous on purpose: the embedded
 * PostgreSQL's log arrives on a pipe this process must keep draining. A blocking spawnSync
 * let the pipe fill (64 KB of server log, e.g. the ERROR lines of expected-version
 * conflicts), after which every backend that logged blocked on write: tests hung or timed out.
 */
function run(label, command, args, env = process.env) {
  console.log(`\n▶ ${label}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.once('error', (error) => {
      console.error(`✖ ${label} failed (${error.message})`);
      resolve(false);
    });
    child.once('exit', (code, signal) => {
      if (code !== 0) console.error(`✖ ${label} failed (exit ${code ?? signal})`);
      resolve(code === 0);
    });
  });
}

/** The broker for the Kafka specs: { brokers, stop } or undefined (specs skip, not on CI). */
async function startTestKafka(dir) {
  if (process.env.TEST_KAFKA_BROKERS) {
    console.log(`\n▶ Kafka for tests: ${process.env.TEST_KAFKA_BROKERS} (TEST_KAFKA_BROKERS, given)`);
    return { brokers: process.env.TEST_KAFKA_BROKERS, stop: async () => {} };
  }
  const onCi = process.env.CI === 'true';
  if (!canRunKafka()) {
    const message = 'java and mvn are not both on the PATH: no Kafka broker for tests';
    if (onCi) throw new Error(`${message} (CI must run the Kafka specs: install a JDK 17 and Maven)`);
    console.warn(`\n⚠ ${message}; the Kafka specs will be SKIPPED`);
    return undefined;
  }
  console.log('\n▶ Kafka broker for tests (tools/kafka/broker.cjs)');
  const started = Date.now();
  try {
    const broker = await startKafka({ dataDir: path.join(dir, 'kafka'), log: (line) => console.log(line) });
    console.log(`  ready at ${broker.brokers} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return broker;
  } catch (error) {
    if (onCi) throw error;
    console.warn(`\n⚠ the Kafka broker did not start; the Kafka specs will be SKIPPED:\n${error.message}`);
    return undefined;
  }
}

async function main() {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
  if (!(await run('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], env))) return 1;
  if (!(await run('lint', bin('nx'), ['run-many', '-t', 'lint', '--outputStyle=static'], env))) return 1;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-test-pg-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  console.log(`\n▶ embedded PostgreSQL for tests at ${postgres.url}`);
  let kafka;
  try {
    kafka = await startTestKafka(dir);
    const testEnv = { ...env, TEST_DATABASE_URL: postgres.url };
    if (kafka) testEnv.TEST_KAFKA_BROKERS = kafka.brokers;
    return (await run('tests', bin('nx'), ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static'], testEnv)) ? 0 : 1;
  } finally {
    await kafka?.stop();
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
