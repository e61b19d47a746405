// Runs a command with a throw-away Kafka broker: `node tools/kafka/with-broker.cjs npx jest --selectProjects kafka-relay-lib`.
// The broker's address is in TEST_KAFKA_BROKERS and KAFKA_BROKERS; it is stopped and its data
// removed when the command ends (also on Ctrl-C). Tests still need TEST_DATABASE_URL or Jest's
// global setup (which starts PostgreSQL itself).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startKafka } = require('./broker.cjs');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: node tools/kafka/with-broker.cjs <command> [args…]');
    return 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-kafka-'));
  const broker = await startKafka({ dataDir: dir, log: (line) => console.error(line) });
  try {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_KAFKA_BROKERS: broker.brokers, KAFKA_BROKERS: broker.brokers } });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await broker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
