import type { LoggerService } from '@nestjs/common';
import { CompressionTypes, Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Message, type Producer, type RetryOptions } from 'kafkajs';
import { topicsOf, type RelayMessage } from './cloud-event';
import type { RelaySettings } from './relay-settings';

/**
 * Under the broker's default max.message.bytes (1 MiB), which bounds one partition's record
 * batch of a request: a relay batch is sent in chunks of at most this many bytes, in order.
 */
const MAX_CHUNK_BYTES = 512 * 1024;
/** How long a probe result stands (the gateway polls readiness often). */
const PROBE_CACHE_MS = 1_000;
/** A broker outage makes kafkajs repeat the same warning on every retry: once per this period is enough. */
const REPEATED_LOG_MS = 30_000;

/**
 * kafkajs retries a request a few times itself (reconnects, leader moves); past that the
 * send fails and the relay's subscription delivers the whole batch again after its own capped
 * backoff. Both stay short so that the health check and shutdown learn of an outage quickly.
 */
const clientRetry: RetryOptions = { retries: 4, initialRetryTime: 100, maxRetryTime: 2_000, factor: 0.2, multiplier: 2 };

/**
 * The relay's side of Kafka: creates the topics, sends batches with an idempotent producer
 * (acks from all in-sync replicas, one request in flight per broker so retries keep order)
 * and probes the cluster for the health check.
 *
 * A failed send drops the producer and the next send starts a new one (a new producer id):
 * the broker's duplicate detection works within one producer session only, so a batch sent
 * again after a failure may repeat events the broker had already written. Consumers dedupe by
 * the CloudEvents `id`; what matters is that no event is ever skipped and, per order, the first
 * copies arrive in order (a resent batch starts at or before anything unacknowledged).
 */
export class KafkaPublisher {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private admin: Admin | undefined;
  private lastProbe: { at: number; error?: unknown } | undefined;
  private readonly logged = new Map<string, number>();

  constructor(
    private readonly settings: RelaySettings,
    private readonly logger: LoggerService,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 15_000,
      retry: clientRetry,
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => this.log(entry),
    });
  }

  get topics(): string[] {
    return topicsOf(this.settings.topicPrefix);
  }

  /** Creates the topics that are missing (an existing topic is left as it is). */
  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin({ retry: clientRetry });
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      const { topicPartitions: numPartitions, replicationFactor } = this.settings;
      // acks=all only protects against a broker loss when more than one replica must have the write.
      const minInSync = replicationFactor >= 3 ? 2 : 1;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions,
          replicationFactor,
          configEntries: [{ name: 'min.insync.replicas', value: String(minInSync) }],
        })),
      });
      this.logger.log(`created topics ${missing.join(', ')} (${numPartitions} partitions, replication ${replicationFactor})`);
    } finally {
      await admin.disconnect();
    }
  }

  /** Connects the producer now (else the first send does). */
  async connect(): Promise<void> {
    await this.currentProducer();
  }

  /** Sends the messages, in order; resolves once the broker acknowledged every one of them. */
  async publish(messages: readonly RelayMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.currentProducer();
    try {
      for (const chunk of chunks(messages)) {
        await producer.sendBatch({ acks: -1, compression: CompressionTypes.None, timeout: 15_000, topicMessages: byTopic(chunk) });
      }
    } catch (error) {
      await this.dropProducer();
      throw error;
    }
  }

  /** Resolves when the cluster answers a metadata request; cached briefly. */
  async probe(): Promise<void> {
    const last = this.lastProbe;
    if (last && Date.now() - last.at < PROBE_CACHE_MS) {
      if (last.error) throw last.error;
      return;
    }
    try {
      this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
      await this.admin.describeCluster();
      this.lastProbe = { at: Date.now() };
    } catch (error) {
      this.lastProbe = { at: Date.now(), error };
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await Promise.all([this.dropProducer(), admin?.disconnect().catch(() => undefined)]);
  }

  private currentProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: clientRetry,
        // Java-compatible murmur2: a Java producer would put the same order on the same partition.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      const connecting = producer.connect().then(() => producer);
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
        void producer.disconnect().catch(() => undefined);
      });
    }
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private log({ namespace, level, log }: LogEntry): void {
    const { message, error } = log as { message: string; error?: string };
    // Retries are bounded on purpose (see clientRetry): the batch is resent by the relay.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const line = `kafkajs ${namespace}: ${message}${error ? `: ${error}` : ''}`;
    const now = Date.now();
    if (now - (this.logged.get(line) ?? -Infinity) < REPEATED_LOG_MS) return;
    if (this.logged.size > 100) this.logged.clear();
    this.logged.set(line, now);
    if (level === logLevel.ERROR || level === logLevel.WARN) this.logger.warn(line);
    else this.logger.log(line);
  }
}

/** Consecutive runs of messages of at most MAX_CHUNK_BYTES (a single larger message is a chunk of its own). */
function* chunks(messages: readonly RelayMessage[]): Generator<RelayMessage[]> {
  let chunk: RelayMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value) + Buffer.byteLength(message.key) + 64;
    if (chunk.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function byTopic(messages: readonly RelayMessage[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, key, value, headers } of messages) {
    let list = topics.get(topic);
    if (!list) topics.set(topic, (list = []));
    list.push({ key, value, headers });
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
