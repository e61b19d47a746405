// `npm run analytics:tail`: reads the five OMS topics from the beginning as a consumer group
// and prints live counts per order state and per module event type, deduped by CloudEvents id.
//
//   KAFKA_BROKERS=127.0.0.1:9092 [KAFKA_TOPIC_PREFIX=oms] npm run analytics:tail
//   options: --group <id>           consumer group (default: a new one per run, so counts start at the beginning)
//            --exit-when-idle <ms>  print the counts once and exit after <ms> without a new message
//            --json                 print the counts as JSON instead of a table
'use strict';
const { randomBytes } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');
const { createTally, render } = require('./tally.cjs');

const modules = ['ordering', 'finance', 'logistics', 'travel', 'notification'];

function option(name) {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main() {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
  if (brokers.length === 0) {
    console.error('KAFKA_BROKERS is not set (host:port, comma-separated)');
    return 2;
  }
  const prefix = process.env.KAFKA_TOPIC_PREFIX || 'oms';
  const topics = modules.map((module) => `${prefix}.${module}`);
  const groupId = option('--group') ?? `oms-analytics-tail-${randomBytes(4).toString('hex')}`;
  const idleMs = option('--exit-when-idle') === undefined ? undefined : Number(option('--exit-when-idle'));
  const json = process.argv.includes('--json');
  const live = process.stdout.isTTY && idleMs === undefined && !json;

  const tally = createTally();
  const kafka = new Kafka({ clientId: 'oms-analytics-tail', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  let lastMessageAt = Date.now();
  let joined = false;
  let changed = true;
  let ticker;

  const print = () => {
    const snapshot = tally.snapshot();
    if (json) console.log(JSON.stringify(snapshot));
    else if (live) process.stdout.write(`\x1b[2J\x1b[H${new Date().toISOString()}  ${topics.join(', ')}  group ${groupId}\n\n${render(snapshot)}\n`);
    else console.log(`${new Date().toISOString()}\n${render(snapshot)}\n`);
  };

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    await consumer.disconnect().catch(() => undefined);
    process.exit(code);
  };

  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    lastMessageAt = Date.now();
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        let event;
        try {
          event = JSON.parse(message.value?.toString() ?? '');
        } catch {
          event = undefined;
        }
        tally.add(event);
      }
      if (batch.messages.length > 0) {
        lastMessageAt = Date.now();
        changed = true;
      }
    },
  });
  if (!json && !live) console.log(`reading ${topics.join(', ')} from the beginning as group ${groupId}`);

  ticker = setInterval(() => {
    if (idleMs !== undefined) {
      // Idle counts from the group join: joining alone can take a second or two.
      if (joined && Date.now() - lastMessageAt >= idleMs) {
        print();
        void stop(0);
      }
      return;
    }
    if (changed || live) print();
    changed = false;
  }, idleMs !== undefined ? Math.min(250, idleMs) : live ? 1_000 : 5_000);
  process.once('SIGINT', () => {
    print();
    void stop(0);
  });
  process.once('SIGTERM', () => void stop(0));
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
