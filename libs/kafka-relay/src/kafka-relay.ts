import { Logger, type LoggerService } from '@nestjs/common';
import type { RecordedEvent } from '@oms/contracts';
import { CheckpointConflict, type EventStore, type Subscription } from '@oms/event-store';
import { Checkpoint, eventsAfter } from '@oms/platform';
import type { Pool } from 'pg';
import { publishedStreamPrefixes, toKafkaMessage, type RelayMessage } from './cloud-event';
import { KafkaPublisher } from './kafka-publisher';
import { RelayLease } from './relay-lease';
import type { RelaySettings } from './relay-settings';

export const KAFKA_RELAY_CHECKPOINT = 'kafka-relay';

export interface KafkaRelayOptions {
  store: EventStore;
  /** Where the checkpoint lives (table es_checkpoints). */
  pool: Pool;
  settings: RelaySettings;
  /** Checkpoint name; default `kafka-relay`. */
  name?: string;
  logger?: LoggerService;
}

export interface RelayStats {
  batches: number;
  events: number;
  failedSends: number;
}

/** A send not acknowledged for this long makes the `kafka` health check report down. */
const SLOW_ACK_MS = 5_000;
/** A failure reported less than this long ago keeps the subscription health check down. */
const FAILURE_MEMORY_MS = 10_000;
const START_RETRY_MS = { initial: 200, max: 5_000 };
/** Backoff before resubscribing after failed batches in a row (broker down, leader moving, …). */
const BATCH_RETRY_MS = { initial: 100, max: 5_000 };
/** How often a standby instance tries the lease. */
const LEASE_RETRY_MS = 2_000;

/**
 * Publishes every event of the published streams to Kafka (CONTRACT §5), in global order:
 * a catch-up subscription from a durable checkpoint; each batch goes to the broker as a whole
 * and the checkpoint moves only once the broker acknowledged all of it. A failed send is
 * retried from the checkpoint with a capped exponential backoff (100 ms … 5 s), forever:
 * nothing is skipped, and a crash or an outage repeats at most the unacknowledged batch.
 * At least once, in per-order order; consumers dedupe by the CloudEvents `id`.
 *
 * One instance publishes at a time (RelayLease, a PostgreSQL advisory lock); others stand by
 * and take over from the checkpoint when it stops or dies.
 */
export class KafkaRelay {
  private readonly logger: LoggerService;
  private readonly publisher: KafkaPublisher;
  private readonly checkpoint: Checkpoint;
  private readonly lease: RelayLease;
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopSignal = signal();
  private stopped = true;
  private standby = false;
  private kafkaFailure: { error: unknown; since: number } | undefined;
  private otherFailure: { error: unknown; at: number } | undefined;
  private sendingSince: number | undefined;
  private wake: (() => void) | undefined;
  /** The batch being sent and checkpointed while the subscription reads the next one; never rejects. */
  private inFlight: Promise<void> = Promise.resolve();
  /** Set when a batch failed: the relay resubscribes from the durable checkpoint. */
  private batchFailed = signal();
  private failedBatches = 0;
  readonly stats: RelayStats = { batches: 0, events: 0, failedSends: 0 };

  constructor(private readonly options: KafkaRelayOptions) {
    this.logger = options.logger ?? new Logger('kafka-relay');
    this.publisher = new KafkaPublisher(options.settings, this.logger);
    const name = options.name ?? KAFKA_RELAY_CHECKPOINT;
    this.checkpoint = new Checkpoint(options.pool, name);
    this.lease = new RelayLease(options.pool, `oms:relay:${name}`);
  }

  /** Position up to which events are acknowledged by the broker and checkpointed. */
  get position(): bigint {
    return this.checkpoint.position;
  }

  get isLive(): boolean {
    return this.subscription?.isLive ?? false;
  }

  get topics(): string[] {
    return this.publisher.topics;
  }

  /** True while another instance holds the lease and this one waits to take over. */
  get isStandby(): boolean {
    return this.standby;
  }

  /**
   * Starts in the background and returns at once: a broker or store that is down at boot
   * delays the relay (the health checks say so) without stopping the process.
   */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.stopSignal = signal();
    this.running = this.run();
  }

  /**
   * Stops reading; the batch in hand is given a moment to be acknowledged, then the producer
   * is closed (an unacknowledged batch is sent again by the next run) and the lease released.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.stopSignal.resolve();
    await this.running;
    this.running = undefined;
  }

  /** Health `kafka`: down while the relay cannot deliver, or the cluster does not answer. */
  async checkKafka(): Promise<void> {
    if (this.stopped) throw new Error('relay stopped');
    const failure = this.kafkaFailure;
    if (failure) throw new Error(`cannot deliver since ${new Date(failure.since).toISOString()}: ${messageOf(failure.error)}`);
    if (this.sendingSince !== undefined && Date.now() - this.sendingSince > SLOW_ACK_MS) {
      throw new Error(`the broker has not acknowledged a batch for ${Math.round((Date.now() - this.sendingSince) / 1000)} s`);
    }
    await this.publisher.probe();
  }

  /** Health `subscription:kafka-relay`: subscribed, and the store and checkpoint not failing. */
  checkSubscription(): void {
    if (this.stopped) throw new Error('relay stopped');
    const failure = this.otherFailure;
    if (failure && Date.now() - failure.at < FAILURE_MEMORY_MS) throw new Error(`failing: ${messageOf(failure.error)}`);
    if (this.standby) return; // healthy, and ready to take over
    if (!this.subscription) throw new Error('not subscribed yet');
  }

  /**
   * Lease → subscription → until the lease is lost, a batch fails or stop() → unsubscribe →
   * again (after a failed batch: from the durable checkpoint, after a capped backoff).
   */
  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!(await this.takeLease())) continue;
      await this.subscribeWhenPossible();
      const reason = await Promise.race([
        this.lease.lost.then(() => 'lease lost' as const),
        this.batchFailed.promise.then(() => 'batch failed' as const),
        this.stopSignal.promise.then(() => 'stop' as const),
      ]);
      if (reason === 'lease lost' && !this.stopped) this.logger.warn('lost the relay lease (its PostgreSQL session ended): stopped publishing until it is ours again');
      await this.unsubscribe();
      if (reason === 'batch failed') await this.pause(Math.min(BATCH_RETRY_MS.max, BATCH_RETRY_MS.initial * 2 ** Math.min(this.failedBatches - 1, 10)));
    }
    await this.lease.release();
  }

  /** True once this instance holds the lease; false after a wait (standby, or PostgreSQL down). */
  private async takeLease(): Promise<boolean> {
    try {
      if (await this.lease.acquire()) {
        if (this.standby) this.logger.log('took over the relay lease');
        this.standby = false;
        return true;
      }
      if (!this.standby) this.logger.log('another instance holds the relay lease: standing by');
      this.standby = true;
      await this.pause(LEASE_RETRY_MS);
    } catch (error) {
      this.failed(error);
      await this.pause(START_RETRY_MS.max);
    }
    return false;
  }

  private async subscribeWhenPossible(): Promise<void> {
    for (let failures = 0; !this.stopped && this.lease.held; failures++) {
      try {
        await this.kafkaStep(() => this.publisher.ensureTopics());
        await this.kafkaStep(() => this.publisher.connect());
        const after = await this.checkpoint.load();
        if (this.stopped || !this.lease.held) return;
        this.batchFailed = signal();
        this.inFlight = Promise.resolve();
        this.subscription = this.options.store.subscribeToAll({
          after,
          filter: { streamPrefixes: [...publishedStreamPrefixes] },
          maxBatchSize: this.options.settings.batchSize,
          handler: (events, lastPosition) => this.relayBatch(events, lastPosition),
          onError: (error) => this.failed(error),
        });
        this.logger.log(`relaying to ${this.publisher.topics.join(', ')} after position ${after}`);
        return;
      } catch (error) {
        this.failed(error);
        await this.pause(Math.min(START_RETRY_MS.max, START_RETRY_MS.initial * 2 ** Math.min(failures, 10)));
      }
    }
  }

  private async unsubscribe(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    const stopping = (async () => {
      await subscription?.stop();
      await this.inFlight;
    })();
    const settled = await Promise.race([stopping.then(() => true), delay(SLOW_ACK_MS).then(() => false)]);
    await this.publisher.close();
    if (!settled) await stopping;
  }

  /** Sleeps `ms`, cut short by stop(). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /**
   * Hands a batch to the broker in the background and returns, so that the subscription reads
   * the next page meanwhile (the store's read and the broker's round trip overlap). Batches
   * are still sent one after the other, in order: a batch waits for the previous one's
   * acknowledgement and checkpoint. When one fails, the ones read after it are not sent: the
   * relay resubscribes from the checkpoint, which only ever covers acknowledged batches.
   */
  private async relayBatch(batch: RecordedEvent[], lastPosition: bigint): Promise<void> {
    await this.inFlight;
    if (this.batchFailed.settled) throw new Resubscribing();
    if (!this.lease.held) throw new Error('the relay lease was lost: not publishing');
    // After a checkpoint conflict the stored position may be ahead of what is delivered.
    if (lastPosition <= this.checkpoint.position) return;
    const messages = eventsAfter(batch, this.checkpoint.position)
      .map((event) => toKafkaMessage(event, this.options.settings.topicPrefix))
      .filter((message): message is RelayMessage => message !== undefined);
    this.inFlight = this.publishBatch(messages, lastPosition).catch((error: unknown) => {
      this.failedBatches++;
      this.failed(error);
      this.batchFailed.resolve();
    });
  }

  private async publishBatch(messages: RelayMessage[], lastPosition: bigint): Promise<void> {
    await this.kafkaStep(() => this.publisher.publish(messages));
    try {
      await this.checkpoint.advance(lastPosition);
    } catch (error) {
      if (error instanceof CheckpointConflict) {
        this.logger.warn(`checkpoint moved by another instance to ${error.actual ?? 'none'}; continuing from there (run one relay at a time)`);
        this.checkpoint.reset(error.actual ?? 0n);
      }
      throw error;
    }
    this.failedBatches = 0;
    this.otherFailure = undefined;
    this.stats.batches++;
    this.stats.events += messages.length;
  }

  /** Runs one exchange with the broker, keeping the `kafka` health state. */
  private async kafkaStep(step: () => Promise<void>): Promise<void> {
    this.sendingSince = Date.now();
    try {
      await step();
      if (this.kafkaFailure) this.logger.log(`Kafka reachable again after ${Math.round((Date.now() - this.kafkaFailure.since) / 1000)} s`);
      this.kafkaFailure = undefined;
    } catch (error) {
      this.stats.failedSends++;
      this.kafkaFailure ??= { error, since: Date.now() };
      this.kafkaFailure.error = error;
      throw new KafkaUnavailable(error);
    } finally {
      this.sendingSince = undefined;
    }
  }

  private failed(error: unknown): void {
    if (error instanceof Resubscribing) return;
    if (!(error instanceof KafkaUnavailable)) this.otherFailure = { error, at: Date.now() };
    this.logger.error(`will retry: ${error instanceof KafkaUnavailable ? `Kafka: ${messageOf(error.cause)}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** Thrown to the subscription while the relay is about to resubscribe after a failed batch. */
class Resubscribing extends Error {
  override name = 'Resubscribing';
  constructor() {
    super('a batch failed: resubscribing from the checkpoint');
  }
}

/** A failure to reach or write to Kafka (as opposed to the store or the checkpoint). */
class KafkaUnavailable extends Error {
  override name = 'KafkaUnavailable';
  constructor(override readonly cause: unknown) {
    super(messageOf(cause));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Signal {
  promise: Promise<void>;
  settled: boolean;
  resolve(): void;
}

function signal(): Signal {
  let done: () => void = () => undefined;
  const result: Signal = {
    promise: new Promise<void>((resolve) => (done = resolve)),
    settled: false,
    resolve: () => {
      result.settled = true;
      done();
    },
  };
  return result;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
