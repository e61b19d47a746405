import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import { moduleOfEventType } from '@oms/contracts';
import { createEventStore, type PostgresEventStore } from '@oms/event-store';
import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaRelay } from './kafka-relay';
import { loadRelaySettings, type RelaySettings } from './relay-settings';
import { allOf, consumeUntil, describeWithKafka, startOwnBroker, uniquePrefix, verifyDelivery } from './testing/kafka.fixtures';
import { appendWorkload, workload, type AppendedEvent } from './testing/workload.fixtures';

jest.setTimeout(120_000);

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function lastPosition(appended: readonly AppendedEvent[]): bigint {
  return appended.reduce((max, entry) => (entry.position > max ? entry.position : max), 0n);
}

describeWithKafka('Kafka relay against a real broker', (sharedBrokers) => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const relays: KafkaRelay[] = [];

  const relayOn = (brokers: string, prefix: string, overrides: Partial<RelaySettings> = {}) => {
    const settings = { ...loadRelaySettings({ kafkaBrokers: [brokers], kafkaTopicPrefix: prefix }, {}), ...overrides };
    const relay = new KafkaRelay({ store, pool: store.pool, settings, logger: quiet });
    relays.push(relay);
    return relay;
  };

  // A database per test: a relay starts at the beginning of the log, and must find only this test's events there.
  beforeEach(async () => {
    database = await createTestDatabase('kafka_relay');
    store = (await createEventStore({ kind: 'postgres', databaseUrl: database.url })) as PostgresEventStore;
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await store?.close();
    await database?.drop();
  });

  it('publishes a mixed workload of every module once each, in per-order order, as CloudEvents', async () => {
    const prefix = uniquePrefix('mixed');
    const history = await appendWorkload(store, workload(4_000));
    const relay = relayOn(sharedBrokers, prefix);

    relay.start();
    await until(() => relay.stats.batches > 0, 30_000, 'the first batch is relayed');
    const started = Date.now();
    const before = relay.stats.events;
    await until(() => relay.position >= lastPosition(history), 60_000, 'the relay has caught up with the history');
    const catchUpMs = Date.now() - started;
    const relayed = relay.stats.events - before;

    // Live: appended while the relay runs.
    const live = await appendWorkload(store, workload(1_000), { writers: 3 });
    const appended = [...history, ...live];
    await until(() => relay.position >= lastPosition(appended), 30_000, 'the relay has relayed the live events');
    await expect(relay.checkKafka()).resolves.toBeUndefined();
    expect(() => relay.checkSubscription()).not.toThrow();

    const received = await consumeUntil(sharedBrokers, relay.topics, allOf(appended.filter((entry) => entry.published)));
    const report = verifyDelivery(appended, received, prefix);
    // No failure happened: the idempotent producer wrote each event exactly once.
    expect(report.duplicates).toBe(0);
    expect(report.distinct).toBe(appended.filter((entry) => entry.published).length);
    new Logger('kafka-relay spec').log(
      `caught up with ${relayed} events in ${catchUpMs} ms (${Math.round((relayed / catchUpMs) * 1000)} events/s); ${report.messages} messages consumed`,
    );

    // What analytics sees through `npm run analytics:tail` (a consumer group of its own).
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(__dirname, '../../../tools/analytics/tail.cjs'), '--exit-when-idle', '1500', '--json'], {
      env: { ...process.env, KAFKA_BROKERS: sharedBrokers, KAFKA_TOPIC_PREFIX: prefix },
      timeout: 60_000,
    });
    const tally = JSON.parse(stdout.trim().split('\n').pop()!) as { events: number; orders: Record<string, number>; types: Record<string, Record<string, number>> };
    const published = appended.filter((entry) => entry.published);
    expect(tally.events).toBe(published.length);
    const finalStatus = new Map<string, string>();
    for (const entry of published) {
      if (entry.event.type === 'OrderCompleted') finalStatus.set(entry.event.metadata.orderId, 'completed');
      if (entry.event.type === 'OrderCancelled') finalStatus.set(entry.event.metadata.orderId, 'cancelled');
    }
    const completed = [...finalStatus.values()].filter((status) => status === 'completed').length;
    expect(tally.orders).toEqual({ pending: 0, confirmed: 0, fulfilling: 0, completed, cancelled: finalStatus.size - completed });
    const expectedTypes: Record<string, Record<string, number>> = {};
    for (const { event } of published) {
      const counts = (expectedTypes[moduleOfEventType(event.type)!] ??= {});
      counts[`${event.type}.v1`] = (counts[`${event.type}.v1`] ?? 0) + 1;
    }
    expect(tally.types).toEqual(expectedTypes);

    // Topics were created with the configured shape.
    const admin = new Kafka({ brokers: [sharedBrokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: relay.topics });
      expect(topics.map((topic) => [topic.name, topic.partitions.length]).sort()).toEqual(relay.topics.map((topic) => [topic, 3]).sort());
    } finally {
      await admin.disconnect();
    }
  });

  it('resumes from its checkpoint: a second run publishes only what came after', async () => {
    const prefix = uniquePrefix('resume');
    const first = await appendWorkload(store, workload(300));
    const relay = relayOn(sharedBrokers, prefix);
    relay.start();
    await until(() => relay.position >= lastPosition(first), 30_000, 'the first run is done');
    await relay.stop();

    const second = await appendWorkload(store, workload(300));
    const again = relayOn(sharedBrokers, prefix);
    again.start();
    await until(() => again.position >= lastPosition(second), 30_000, 'the second run is done');
    expect(again.stats.events).toBe(second.filter((entry) => entry.published).length);
  });

  it('runs one instance at a time: a second one stands by and takes over when the first stops', async () => {
    const prefix = uniquePrefix('standby');
    const first = relayOn(sharedBrokers, prefix);
    const second = relayOn(sharedBrokers, prefix);
    first.start();
    await until(() => first.isLive, 30_000, 'the first instance is live');
    second.start();
    await until(() => second.isStandby, 10_000, 'the second instance stands by');
    expect(() => second.checkSubscription()).not.toThrow();

    const before = await appendWorkload(store, workload(600), { writers: 2 });
    await until(() => first.position >= lastPosition(before), 30_000, 'the first instance relayed');
    expect(second.stats.events).toBe(0);

    await first.stop();
    const after = await appendWorkload(store, workload(600), { writers: 2 });
    await until(() => !second.isStandby && second.position >= lastPosition(after), 30_000, 'the second instance took over and relayed');
    const appended = [...before, ...after];
    const received = await consumeUntil(sharedBrokers, second.topics, allOf(appended.filter((entry) => entry.published)));
    expect(verifyDelivery(appended, received, prefix).duplicates).toBe(0);
  });

  describe('with a broker of its own', () => {
    let broker: Awaited<ReturnType<typeof startOwnBroker>> | undefined;

    beforeAll(async () => {
      broker = await startOwnBroker();
    }, 120_000);

    afterAll(async () => {
      await broker?.dispose();
    }, 30_000);

    it('loses nothing when the broker stops mid-run and comes back, and says so in its health meanwhile', async () => {
      const own = broker!;
      const prefix = uniquePrefix('outage');
      const relay = relayOn(own.brokers, prefix, { batchSize: 200 });
      relay.start();
      await until(async () => relay.checkKafka().then(() => true, () => false), 30_000, 'the relay is connected');

      let downSeen = false;
      const appended = await appendWorkload(store, workload(2_500), {
        writers: 3,
        afterRound: async (round) => {
          if (round === 4) {
            await until(() => relay.stats.events > 0, 10_000, 'something was relayed before the outage');
            await own.stop();
          }
          if (round === 8) {
            await until(async () => relay.checkKafka().then(() => false, () => true), 15_000, 'the health check reports Kafka down');
            downSeen = true;
            await own.start();
          }
        },
      });
      expect(downSeen).toBe(true);
      await until(() => relay.position >= lastPosition(appended), 60_000, 'the relay has caught up after the outage');
      await until(async () => relay.checkKafka().then(() => true, () => false), 10_000, 'the health check reports Kafka up again');
      expect(relay.stats.failedSends).toBeGreaterThan(0);

      const received = await consumeUntil(own.brokers, relay.topics, allOf(appended.filter((entry) => entry.published)));
      const report = verifyDelivery(appended, received, prefix);
      new Logger('kafka-relay spec').log(`broker outage: ${report.distinct} events, ${report.duplicates} duplicates, ${relay.stats.failedSends} failed sends`);
    });
  });
});
