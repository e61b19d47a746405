import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { moduleOfEventType } from '@oms/contracts';
import { Kafka, logLevel } from 'kafkajs';
import type { OmsCloudEvent } from '../cloud-event';
import type { AppendedEvent } from './workload.fixtures';

const root = resolve(__dirname, '../../../..');

/** The broker `npm test` started (tools/test/run-tests.cjs), if any. */
export const testBrokers = process.env.TEST_KAFKA_BROKERS;

/**
 * Kafka specs run only against a real broker. Without one they say so plainly and leave one
 * honest placeholder test; on CI (CI=true) a missing broker fails instead of skipping.
 */
export function describeWithKafka(name: string, body: (brokers: string) => void): void {
  if (testBrokers) {
    describe(name, () => body(testBrokers));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a Kafka broker on CI', () => {
        throw new Error('TEST_KAFKA_BROKERS is not set on CI: `npm test` starts a broker (tools/kafka/broker.cjs) and must not skip Kafka');
      });
    });
    return;
  }
  console.warn(
    `${name}: NOT run because TEST_KAFKA_BROKERS is not set. \`npm test\` starts a broker when java and mvn are installed; ` +
      'or start one with `node tools/kafka/broker.cjs` and set TEST_KAFKA_BROKERS to what it prints.',
  );
  describe(name, () => {
    it('is skipped: TEST_KAFKA_BROKERS is not set', () => expect(process.env.TEST_KAFKA_BROKERS).toBeUndefined());
  });
}

export interface LocalBroker {
  brokers: string;
  dataDir: string;
  start(): Promise<unknown>;
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
}

/** A broker of this spec's own (for stopping and restarting it), in a temp dir removed by `dispose`. */
export async function startOwnBroker(): Promise<LocalBroker & { dispose(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startKafka } = require(join(root, 'tools/kafka/broker.cjs')) as { startKafka(options: { dataDir: string }): Promise<LocalBroker> };
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-kafka-spec-'));
  const broker = await startKafka({ dataDir });
  return Object.assign(broker, {
    dispose: async () => {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A topic prefix no other spec uses. */
export function uniquePrefix(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  event: OmsCloudEvent;
}

/**
 * Reads the topics from the beginning (a consumer group of its own) until `done` says the
 * messages so far are enough, then keeps reading `settleMs` more to catch late duplicates.
 */
export async function consumeUntil(
  brokers: string,
  topics: string[],
  done: (received: Received[]) => boolean,
  { timeoutMs = 60_000, settleMs = 500 } = {},
): Promise<Received[]> {
  const kafka = new Kafka({ clientId: 'kafka-relay-spec', brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniquePrefix('spec'), maxWaitTimeInMs: 100 });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let resolveDone: () => void = () => undefined;
    const finished = new Promise<void>((resolveFinished) => (resolveDone = resolveFinished));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          received.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
            event: JSON.parse(message.value?.toString() ?? 'null') as OmsCloudEvent,
          });
        }
        if (done(received)) resolveDone();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout('timeout'), timeoutMs)));
    const outcome = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new Error(`consumed ${received.length} messages (${new Set(received.map((r) => r.event.id)).size} distinct) in ${timeoutMs} ms, expected more`);
    await new Promise((settle) => setTimeout(settle, settleMs));
    return [...received];
  } finally {
    await consumer.disconnect();
  }
}

/** Stops once every expected id was received at least once. */
export function allOf(expected: readonly AppendedEvent[]): (received: Received[]) => boolean {
  const ids = new Set(expected.map((appended) => appended.event.eventId));
  const seen = new Set<string>();
  return (received) => {
    for (const { event } of received) if (ids.has(event.id)) seen.add(event.id);
    return seen.size === ids.size;
  };
}

export interface DeliveryReport {
  messages: number;
  distinct: number;
  duplicates: number;
}

/**
 * The relay's promise, checked message by message: every published event arrived, nothing
 * else did, each CloudEvents field is what the store holds, and per topic and order the first
 * copies of the events come exactly in the store's order (no gap, no reordering). Duplicates
 * (same `id`) are counted, not failed: delivery is at least once.
 */
export function verifyDelivery(appended: readonly AppendedEvent[], received: readonly Received[], prefix: string): DeliveryReport {
  const published = appended.filter((entry) => entry.published);
  const byId = new Map(published.map((entry) => [entry.event.eventId, entry]));
  const internalIds = new Set(appended.filter((entry) => !entry.published).map((entry) => entry.event.eventId));
  const problems: string[] = [];
  const firstCopies = new Map<string, Received[]>();
  const seen = new Set<string>();
  // Kafka orders within a partition only: read each partition in offset order.
  const ordered = [...received].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  for (const message of ordered) {
    const { event } = message;
    if (internalIds.has(event.id)) problems.push(`internal event ${event.id} was published`);
    const source = byId.get(event.id);
    if (!source) {
      problems.push(`unknown event ${event.id} on ${message.topic}`);
      continue;
    }
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    problems.push(...fieldProblems(message, source, prefix));
    const key = `${message.topic}|${message.key}`;
    const list = firstCopies.get(key) ?? [];
    firstCopies.set(key, list);
    list.push(message);
  }
  const missing = published.filter((entry) => !seen.has(entry.event.eventId));
  if (missing.length > 0) problems.push(`${missing.length} events never arrived, e.g. ${missing[0].event.type} at ${missing[0].position}`);
  // Per topic and key, the first copies are the store's events of that order and module, in its order.
  const expectedPerKey = new Map<string, string[]>();
  for (const entry of published) {
    const key = `${prefix}.${moduleOfEventType(entry.event.type)}|${entry.event.metadata.orderId}`;
    const list = expectedPerKey.get(key) ?? [];
    expectedPerKey.set(key, list);
    list.push(entry.event.eventId);
  }
  for (const [key, ids] of expectedPerKey) {
    const got = (firstCopies.get(key) ?? []).map((message) => message.event.id);
    if (got.join() !== ids.join()) problems.push(`${key}: arrived as ${got.length} events out of the store's order (expected ${ids.length})`);
  }
  for (const [key, messages] of firstCopies) {
    for (let index = 1; index < messages.length; index++) {
      if (BigInt(messages[index].event.sequence) <= BigInt(messages[index - 1].event.sequence)) problems.push(`${key}: sequence does not increase at ${messages[index].event.sequence}`);
    }
  }
  if (problems.length > 0) throw new Error(`${problems.length} delivery problems:\n${problems.slice(0, 20).join('\n')}`);
  return { messages: received.length, distinct: seen.size, duplicates: received.length - seen.size };
}

function fieldProblems(message: Received, source: AppendedEvent, prefix: string): string[] {
  const { event } = message;
  const module = moduleOfEventType(source.event.type);
  const expected: Record<string, unknown> = {
    specversion: '1.0',
    id: source.event.eventId,
    source: `/oms/${module}`,
    type: `oms.${module}.${source.event.type}.v${source.event.metadata.schemaVersion}`,
    subject: source.event.metadata.orderId,
    time: source.event.metadata.occurredAt,
    datacontenttype: 'application/json',
    data: source.event.data,
    correlationid: source.event.metadata.correlationId,
    causationid: source.event.metadata.causationId,
    sequence: source.position.toString(),
  };
  const problems: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    if (canonical(event[field as keyof OmsCloudEvent]) !== canonical(value)) {
      problems.push(`${event.id} ${field}: ${JSON.stringify(event[field as keyof OmsCloudEvent])?.slice(0, 80)} ≠ ${JSON.stringify(value)?.slice(0, 80)}`);
    }
  }
  const extra = Object.keys(event).filter((field) => !(field in expected));
  if (extra.length > 0) problems.push(`${event.id}: unexpected fields ${extra.join(', ')}`);
  if (message.topic !== `${prefix}.${module}`) problems.push(`${event.id} (${source.event.type}) on ${message.topic}, expected ${prefix}.${module}`);
  if (message.key !== source.event.metadata.orderId) problems.push(`${event.id}: key ${message.key} ≠ order id`);
  if (!message.headers['content-type']?.startsWith('application/cloudevents+json')) problems.push(`${event.id}: content-type header ${message.headers['content-type']}`);
  return problems;
}

/** JSON with object keys sorted (jsonb does not keep the writer's key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
