import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@oms/contracts';
import { CheckpointConflict, type AllFilter, type EventStore, type Subscription } from '@oms/event-store';
import type { Pool, PoolClient } from 'pg';
import type { HealthRegistry } from '../health/health-registry';
import { Checkpoint } from './checkpoint';
import { eventsAfter } from './batch';
import { RecentFailure } from './recent-failure';

/**
 * How a reactor handles one event. Either way it must be idempotent: delivery is at least once.
 *
 * - `handle`: effects outside PostgreSQL's reach (appends to the event store, commands to
 *   another service). Made idempotent by derived ids; the checkpoint is saved after the batch.
 * - `handleInTransaction`: effects on this service's own tables, written on `client` inside the
 *   transaction that also moves the checkpoint, so a batch's effects and its checkpoint commit
 *   or roll back together (exactly once against those tables). Keep it short: no network calls.
 */
export type ReactorHandler =
  | { handle(event: RecordedEvent): Promise<void>; handleInTransaction?: never }
  | { handleInTransaction(client: PoolClient, event: RecordedEvent): Promise<void>; handle?: never };

export type ReactorOptions = ReactorHandler & {
  /** Names the durable checkpoint and the health check `subscription:<name>`. */
  name: string;
  store: EventStore;
  /** Where checkpoints live (table es_checkpoints). */
  pool: Pool;
  health: HealthRegistry;
  filter: AllFilter;
  maxBatchSize?: number;
  /** A failure reported less than this long ago keeps the health check down. */
  failureMemoryMs?: number;
  /** Called after a batch's checkpoint is committed (e.g. to wake whoever works off what it wrote). */
  afterBatch?: () => void;
};

const START_RETRY_MS = 1_000;

/**
 * A catch-up subscription on the global log with a durable, named checkpoint: history first,
 * then live. A batch is handled event by event in global order and the checkpoint moves after
 * it (or with it, see handleInTransaction); a handler that throws gets the batch again after a
 * backoff, so nothing is skipped. At-least-once delivery plus idempotent handlers is
 * effectively once.
 *
 * The checkpoint moves by compare-and-set. When another instance moved it (two replicas of one
 * service), this one learns the stored position and skips what is already covered instead of
 * moving it backwards; both instances' handlers being idempotent, the overlap is harmless.
 */
export class Reactor {
  private readonly logger: Logger;
  private readonly checkpoint: Checkpoint;
  private subscription: Subscription | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;
  private readonly recentFailure: RecentFailure;

  constructor(private readonly options: ReactorOptions) {
    this.logger = new Logger(`reactor:${options.name}`);
    this.checkpoint = new Checkpoint(options.pool, options.name);
    this.recentFailure = new RecentFailure(options.failureMemoryMs);
    options.health.register({ name: `subscription:${options.name}`, check: async () => this.check() });
  }

  get name(): string {
    return this.options.name;
  }

  /** True once the subscription has read everything committed when it started. */
  get isLive(): boolean {
    return this.subscription?.isLive ?? false;
  }

  /** The position up to which events are handled and the checkpoint saved. */
  get position(): bigint {
    return this.checkpoint.position;
  }

  /**
   * Starts in the background and returns at once: a store that is down at boot only delays
   * the subscription (the health check says so), it does not stop the process from starting.
   */
  start(): void {
    if (this.starting) return;
    this.stopped = false;
    this.starting = this.subscribeWhenPossible();
  }

  /** Stops reading; resolves once the batch being handled, if any, is finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    this.starting = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  private async subscribeWhenPossible(): Promise<void> {
    while (!this.stopped) {
      try {
        const after = await this.checkpoint.load();
        if (this.stopped) return;
        this.subscription = this.options.store.subscribeToAll({
          after,
          filter: this.options.filter,
          maxBatchSize: this.options.maxBatchSize,
          handler: (events, lastPosition) => this.handleBatch(events, lastPosition),
          onError: (error) => this.failed(error),
        });
        this.logger.log(`subscribed after position ${after}`);
        return;
      } catch (error) {
        this.failed(error);
        await new Promise((resolve) => setTimeout(resolve, START_RETRY_MS));
      }
    }
  }

  private async handleBatch(batch: RecordedEvent[], lastPosition: bigint): Promise<void> {
    // After a checkpoint conflict the stored position may be ahead of what is delivered.
    const events = eventsAfter(batch, this.checkpoint.position);
    if (lastPosition <= this.checkpoint.position) return;
    try {
      if (this.options.handleInTransaction) {
        const handle = this.options.handleInTransaction;
        await this.checkpoint.advance(lastPosition, async (client) => {
          for (const event of events) await handle(client, event);
        });
      } else {
        for (const event of events) await this.options.handle(event);
        await this.checkpoint.advance(lastPosition);
      }
      this.recentFailure.clear();
      this.options.afterBatch?.();
    } catch (error) {
      if (error instanceof CheckpointConflict) {
        this.logger.warn(`checkpoint moved by another instance to ${error.actual ?? 'none'}; continuing from there`);
        this.checkpoint.reset(error.actual ?? 0n);
      }
      throw error;
    }
  }

  private failed(error: unknown): void {
    this.recentFailure.record(error);
    this.logger.error(`will retry: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private check(): void {
    if (this.stopped) throw new Error('stopped');
    this.recentFailure.check();
    if (!this.subscription) throw new Error('not subscribed yet');
    if (!this.subscription.isLive) throw new Error(`catching up (at position ${this.checkpoint.position})`);
  }
}
