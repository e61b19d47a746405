import type { AllFilter, ReadAllResult, SubscribeOptions, Subscription } from '../event-store';
import { backoffDelay, type Backoff } from '../backoff';
import type { CommitListener } from './commit-notifications';

export interface SubscriptionTuning {
  /** Batch size when the subscriber does not choose one. */
  defaultBatchSize: number;
  /** Longest wait when live and nothing was notified: the safety net under LISTEN/NOTIFY. */
  pollIntervalMs: number;
  /**
   * Retry delays while committed events sit above the fence (an older transaction is still
   * open). Its end sends no notification if it appended nothing, so we must look again soon.
   */
  heldBackRetry: Backoff;
  /** Delays after a failed read or a failed handler (the same batch is then delivered again). */
  errorRetry: Backoff;
}

const MAX_BATCH_SIZE = 10_000;

export const defaultSubscriptionTuning: SubscriptionTuning = {
  defaultBatchSize: 500,
  pollIntervalMs: 250,
  heldBackRetry: { initialMs: 5, maxMs: 250 },
  errorRetry: { initialMs: 100, maxMs: 5_000 },
};

/** What a subscription needs of the store: pages of the global log, and commit signals. */
export interface GlobalLogSource {
  read(after: bigint, maxCount: number, filter?: AllFilter): Promise<ReadAllResult>;
  heldBack(): Promise<boolean>;
  listen(listener: CommitListener): () => void;
}

/**
 * Catch-up subscription on the global log: reads history in batches, then waits for commit
 * notifications (or the poll interval) and reads again. Batches are delivered one at a time,
 * in position order; a batch is acknowledged when the handler resolves, and redelivered after
 * a backoff when it throws, so nothing is skipped (at-least-once; exactly-once when the handler
 * commits its checkpoint with its effects, see checkpoint-store.ts).
 */
export class PostgresSubscription implements Subscription {
  private acknowledged: bigint;
  private live = false;
  private stopped = false;
  private signaled = false;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly unlisten: () => void;
  private readonly batchSize: number;

  constructor(
    private readonly source: GlobalLogSource,
    private readonly options: SubscribeOptions,
    private readonly tuning: SubscriptionTuning = defaultSubscriptionTuning,
    private readonly onStopped: (subscription: PostgresSubscription) => void = () => {},
  ) {
    this.acknowledged = options.after;
    this.batchSize = Math.min(Math.max(1, Math.floor(options.maxBatchSize ?? tuning.defaultBatchSize)), MAX_BATCH_SIZE);
    this.unlisten = source.listen((signal) => {
      if (signal.kind === 'error') this.report(signal.error);
      else this.signal();
    });
    this.done = this.run();
  }

  get position(): bigint {
    return this.acknowledged;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Stops reading; resolves once the batch being handled (if any) is finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.signal();
    this.unlisten();
    await this.done;
    this.onStopped(this);
  }

  private async run(): Promise<void> {
    let readFailures = 0;
    let heldBackRetries = 0;
    let readAhead: Promise<ReadAllResult> | undefined;
    while (!this.stopped) {
      this.signaled = false; // a commit signaled from here on triggers another read
      let page: ReadAllResult;
      let heldBack = false;
      try {
        page = await (readAhead ?? this.readPage(this.acknowledged));
        readAhead = undefined;
        if (page.isEnd) heldBack = await this.source.heldBack();
        readFailures = 0;
      } catch (error) {
        readAhead = undefined;
        this.report(error);
        await this.pause(backoffDelay(this.tuning.errorRetry, readFailures++), false);
        continue;
      }
      // Behind the log's end, the next page is read while the handler works on this one: what
      // lies below the fence never changes, so the page stays right whatever the handler does
      // (a failed batch is delivered again from memory, then the page read ahead follows it).
      if (!page.isEnd) readAhead = this.readPage(page.lastPosition);
      if (page.events.length > 0 && !(await this.deliver(page))) break;
      // With a filter the page can end past non-matching events: move on over them.
      if (page.lastPosition > this.acknowledged) this.acknowledged = page.lastPosition;
      if (!page.isEnd) continue;
      this.live = true;
      if (heldBack) await this.pause(backoffDelay(this.tuning.heldBackRetry, heldBackRetries++), true);
      else {
        heldBackRetries = 0;
        await this.pause(this.tuning.pollIntervalMs, true);
      }
    }
    // Stopped: a read still in flight finishes before stop() resolves (its connection returns).
    await readAhead?.catch(() => undefined);
  }

  /** The page after `position`; a failure is reported when the loop awaits it (a page read ahead is awaited later), never as unhandled. */
  private readPage(position: bigint): Promise<ReadAllResult> {
    const page = this.source.read(position, this.batchSize, this.options.filter);
    page.catch(() => undefined);
    return page;
  }

  /** Hands one batch to the handler until it succeeds; false if stopped first. */
  private async deliver(page: ReadAllResult): Promise<boolean> {
    for (let failures = 0; !this.stopped; ) {
      try {
        await this.options.handler(page.events, page.lastPosition);
        this.acknowledged = page.lastPosition;
        return true;
      } catch (error) {
        this.report(error);
        await this.pause(backoffDelay(this.tuning.errorRetry, failures++), false);
      }
    }
    return false;
  }

  private signal(): void {
    this.signaled = true;
    this.wake?.();
  }

  /** Sleeps `ms`, cut short by stop() and, when `wakeOnCommit`, by a commit signal. */
  private async pause(ms: number, wakeOnCommit: boolean): Promise<void> {
    if (this.stopped || (wakeOnCommit && this.signaled)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        if (this.stopped || wakeOnCommit) done();
      };
    });
    this.wake = undefined;
  }

  private report(error: unknown): void {
    try {
      if (this.options.onError) this.options.onError(error);
      else console.error('event store subscription: will retry after', error);
    } catch {
      // A failing error callback must not stop the subscription: it retries regardless.
    }
  }
}
