import { ConfigError, type PlatformConfig } from '@oms/platform';

export interface RelaySettings {
  brokers: string[];
  topicPrefix: string;
  /** Partitions of a topic the relay creates (an existing topic is left as it is). */
  topicPartitions: number;
  replicationFactor: number;
  /** Events read from the store and sent to the broker per batch. */
  batchSize: number;
  clientId: string;
}

export const DEFAULT_TOPIC_PARTITIONS = 3;
export const DEFAULT_REPLICATION_FACTOR = 1;
export const DEFAULT_RELAY_BATCH_SIZE = 1_000;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ConfigError(`${name}=${JSON.stringify(raw)} is not an integer between 1 and ${max}`);
  return value;
}

/**
 * The relay's settings: brokers and prefix from the platform configuration (CONTRACT §1), topic
 * shape and batch size from its own variables (docs/operations.md).
 */
export function loadRelaySettings(config: Pick<PlatformConfig, 'kafkaBrokers' | 'kafkaTopicPrefix'>, env: NodeJS.ProcessEnv = process.env): RelaySettings {
  if (config.kafkaBrokers.length === 0) throw new ConfigError('KAFKA_BROKERS is not set: the Kafka relay has nowhere to publish (host:port, comma-separated)');
  for (const broker of config.kafkaBrokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(broker)) throw new ConfigError(`KAFKA_BROKERS: ${JSON.stringify(broker)} is not host:port`);
  }
  return {
    brokers: config.kafkaBrokers,
    topicPrefix: config.kafkaTopicPrefix,
    topicPartitions: positiveInteger(env, 'KAFKA_TOPIC_PARTITIONS', DEFAULT_TOPIC_PARTITIONS, 10_000),
    replicationFactor: positiveInteger(env, 'KAFKA_TOPIC_REPLICATION_FACTOR', DEFAULT_REPLICATION_FACTOR, 32),
    batchSize: positiveInteger(env, 'KAFKA_RELAY_BATCH_SIZE', DEFAULT_RELAY_BATCH_SIZE, 10_000),
    clientId: 'oms-kafka-relay',
  };
}
