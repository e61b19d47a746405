import type { RecordedEvent } from '@oms/contracts';
import type { EventStore, Subscription } from '@oms/event-store';
import {
  DEFAULT_PROJECTION_BATCH_SIZE,
  ProjectionCheckpointConflict,
  READ_MODELS_CHECKPOINT,
  loadCheckpoint,
  migrateReadModels,
  projectBatch,
  projectedEventTypes,
} from '@oms/read-models';
import type { Pool } from 'pg';

export interface ProjectionLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReadModelSubscriptionOptions {
  /** Name of the checkpoint in rm_checkpoints. */
  checkpointName?: string;
  /** Events per batch (one transaction) at most; DEFAULT_PROJECTION_BATCH_SIZE when not given. */
  maxBatchSize?: number;
  /** An error reported within this window (and not cleared by a projected batch since) marks the projections down. */
  failureWindowMs?: number;
  now?: () => number;
}


function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps the read models up to date: a catch-up subscription on the global log from the read
 * models' own checkpoint, each batch projected in one transaction with that checkpoint.
 */
export class ReadModelSubscription {
  private subscription: Subscription | undefined;
  /** The checkpoint as this instance last stored or saw it; the next batch's expected position. */
  private position = 0n;
  private caughtUp = false;
  private lastFailure: { at: number; message: string } | undefined;
  private stopping = false;
  private readonly checkpointName: string;
  private readonly failureWindowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly logger: ProjectionLog,
    private readonly options: ReadModelSubscriptionOptions = {},
  ) {
    this.checkpointName = options.checkpointName ?? READ_MODELS_CHECKPOINT;
    this.failureWindowMs = options.failureWindowMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** Migrates the read models, then subscribes from their checkpoint. */
  async start(): Promise<void> {
    const applied = await migrateReadModels(this.pool);
    if (applied.length > 0) this.logger.log(`read models: applied migrations ${applied.join(', ')}`);
    this.subscribe(await loadCheckpoint(this.pool, this.checkpointName));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Position up to which the read models are built (as far as this instance knows). */
  get checkpoint(): bigint {
    return this.position;
  }

  /** Health: up once caught up with the log at least once, and not failing right now. */
  async check(): Promise<void> {
    if (!this.subscription) throw new Error(this.stopping ? 'projections are stopped' : 'projections are not started');
    if (this.subscription.isLive) this.caughtUp = true;
    if (!this.caughtUp) throw new Error(`projections are catching up (at position ${this.position})`);
    const failure = this.lastFailure;
    if (failure && this.now() - failure.at < this.failureWindowMs) {
      throw new Error(`projections are failing: ${failure.message}`);
    }
  }

  private subscribe(after: bigint): void {
    this.position = after;
    this.subscription = this.store.subscribeToAll({
      after,
      filter: { eventTypes: projectedEventTypes },
      maxBatchSize: this.options.maxBatchSize ?? DEFAULT_PROJECTION_BATCH_SIZE,
      handler: (events, lastPosition) => this.project(events, lastPosition),
      onError: (error) => this.failed(error),
    });
    this.logger.log(`read models: projecting from position ${after}`);
  }

  private failed(error: unknown): void {
    this.lastFailure = { at: this.now(), message: describe(error) };
    this.logger.error(`read models: ${describe(error)} (retrying)`);
  }

  private async project(events: RecordedEvent[], lastPosition: bigint): Promise<void> {
    for (;;) {
      // Whatever another instance already projected (see below) is not applied again.
      if (lastPosition <= this.position) return;
      const unapplied = events.filter((event) => event.position > this.position);
      try {
        await projectBatch(this.pool, unapplied, this.checkpointName, this.position, lastPosition);
        this.position = lastPosition;
        this.lastFailure = undefined;
        return;
      } catch (error) {
        if (!(error instanceof ProjectionCheckpointConflict)) throw error;
        const actual = error.actual ?? 0n;
        if (actual > this.position) {
          // Another instance got ahead: go on from where it stopped.
          this.logger.warn(`read models: checkpoint moved to ${actual} by another projector; continuing from there`);
          this.position = actual;
          continue;
        }
        // The checkpoint went back (the read models are being rebuilt): what this subscription
        // already passed must be read again, so it starts over from there.
        this.logger.warn(`read models: checkpoint reset to ${actual}; resubscribing from there`);
        const current = this.subscription;
        setImmediate(() => void this.resubscribe(actual, current));
        throw error;
      }
    }
  }

  private async resubscribe(after: bigint, old: Subscription | undefined): Promise<void> {
    // Only once per reset: a redelivery of the batch meanwhile must not stop the new subscription.
    if (!old || old !== this.subscription || this.stopping) return;
    this.subscription = undefined;
    await old.stop();
    if (!this.stopping) this.subscribe(after);
  }
}
