import { ConfigError } from '@oms/platform';
import { loadRelaySettings } from './relay-settings';

const platform = { kafkaBrokers: ['kafka:9092'], kafkaTopicPrefix: 'oms' };

describe('relay settings', () => {
  it('defaults to 3 partitions, replication 1, batches of 1000', () => {
    expect(loadRelaySettings(platform, {})).toMatchObject({ brokers: ['kafka:9092'], topicPrefix: 'oms', topicPartitions: 3, replicationFactor: 1, batchSize: 1000 });
  });

  it('reads KAFKA_TOPIC_PARTITIONS, KAFKA_TOPIC_REPLICATION_FACTOR and KAFKA_RELAY_BATCH_SIZE', () => {
    const env = { KAFKA_TOPIC_PARTITIONS: '12', KAFKA_TOPIC_REPLICATION_FACTOR: '3', KAFKA_RELAY_BATCH_SIZE: '200' };
    expect(loadRelaySettings(platform, env)).toMatchObject({ topicPartitions: 12, replicationFactor: 3, batchSize: 200 });
  });

  it.each([['KAFKA_TOPIC_PARTITIONS', '0'], ['KAFKA_TOPIC_PARTITIONS', 'three'], ['KAFKA_TOPIC_REPLICATION_FACTOR', '1.5'], ['KAFKA_RELAY_BATCH_SIZE', '-1']])(
    'refuses %s=%s',
    (name, value) => expect(() => loadRelaySettings(platform, { [name]: value })).toThrow(ConfigError),
  );

  it('refuses to start without brokers, or with one that is not host:port', () => {
    expect(() => loadRelaySettings({ ...platform, kafkaBrokers: [] }, {})).toThrow(/KAFKA_BROKERS is not set/);
    expect(() => loadRelaySettings({ ...platform, kafkaBrokers: ['kafka'] }, {})).toThrow(/not host:port/);
  });
});
