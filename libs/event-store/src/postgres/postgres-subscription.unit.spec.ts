import type { RecordedEvent } from '@oms/contracts';
import type { AllFilter, ReadAllResult } from '../event-store';
import type { CommitListener } from './commit-notifications';
import { PostgresSubscription, type GlobalLogSource, type SubscriptionTuning } from './postgres-subscription';

const tuning: SubscriptionTuning = {
  defaultBatchSize: 2,
  pollIntervalMs: 60_000,
  heldBackRetry: { initialMs: 5, maxMs: 20 },
  errorRetry: { initialMs: 10, maxMs: 20 },
};

function event(position: number): RecordedEvent {
  return { eventId: `e${position}`, type: 'T', data: {}, metadata: {} as never, streamId: 's', revision: position, position: BigInt(position), recordedAt: new Date() };
}

/** An in-memory log: `visible` events can be read, `heldBack` says whether more wait above the fence. */
class FakeLog implements GlobalLogSource {
  visible: RecordedEvent[] = [];
  held = false;
  reads = 0;
  listener: CommitListener | undefined;
  /** A filtered page that matched nothing but scanned up to this position. */
  scannedUpTo: bigint | undefined;
  /** Reads (1-based, counted by `reads`) that fail. */
  failingReads = new Set<number>();

  async read(after: bigint, maxCount: number, _filter?: AllFilter): Promise<ReadAllResult> {
    this.reads++;
    if (this.failingReads.has(this.reads)) throw new Error(`read ${this.reads} failed`);
    const events = this.visible.filter((e) => e.position > after).slice(0, maxCount);
    if (events.length === 0 && this.scannedUpTo !== undefined && this.scannedUpTo > after) {
      return { events: [], lastPosition: this.scannedUpTo, isEnd: true };
    }
    return { events, lastPosition: events.at(-1)?.position ?? after, isEnd: events.length < maxCount };
  }

  async heldBack(): Promise<boolean> {
    return this.held;
  }

  listen(listener: CommitListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
}

const until = async (condition: () => boolean, ms = 2_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('PostgresSubscription (loop logic, fake log)', () => {
  it('hands the same batch again after a handler failure and acknowledges only on success', async () => {
    const log = new FakeLog();
    log.visible = [event(1), event(2), event(3)];
    const batches: bigint[][] = [];
    const errors: unknown[] = [];
    let fail = true;
    const subscription = new PostgresSubscription(
      log,
      {
        after: 0n,
        handler: async (events) => {
          batches.push(events.map((e) => e.position));
          if (fail) {
            fail = false;
            throw new Error('boom');
          }
        },
        onError: (error) => errors.push(error),
      },
      tuning,
    );
    await until(() => subscription.isLive);
    await subscription.stop();
    expect(batches).toEqual([[1n, 2n], [1n, 2n], [3n]]);
    expect(errors).toHaveLength(1);
    expect(subscription.position).toBe(3n);
  });

  it('wakes on a commit signal instead of waiting for the poll interval', async () => {
    const log = new FakeLog();
    const received: bigint[] = [];
    const subscription = new PostgresSubscription(log, { after: 0n, handler: async (events) => void received.push(...events.map((e) => e.position)) }, tuning);
    await until(() => subscription.isLive);
    log.visible = [event(7)];
    log.listener?.({ kind: 'commit' });
    await until(() => received.length === 1, 500);
    await subscription.stop();
  });

  it('keeps reading soon while events are held back above the fence, without any signal', async () => {
    const log = new FakeLog();
    log.held = true;
    const subscription = new PostgresSubscription(log, { after: 0n, handler: async () => undefined }, tuning);
    await until(() => log.reads >= 5, 1_000);
    await subscription.stop();
  });

  it('moves past a filtered stretch of the log without calling the handler', async () => {
    const log = new FakeLog();
    log.scannedUpTo = 40n;
    let calls = 0;
    const subscription = new PostgresSubscription(log, { after: 0n, handler: async () => void calls++ }, tuning);
    await until(() => subscription.position === 40n);
    await subscription.stop();
    expect(calls).toBe(0);
  });

  it('stops promptly during a retry backoff, and survives an onError that throws', async () => {
    const log = new FakeLog();
    log.visible = [event(1)];
    const slow: SubscriptionTuning = { ...tuning, errorRetry: { initialMs: 30_000, maxMs: 30_000 } };
    const subscription = new PostgresSubscription(
      log,
      {
        after: 0n,
        handler: async () => {
          throw new Error('always');
        },
        onError: () => {
          throw new Error('the error callback fails too');
        },
      },
      slow,
    );
    await until(() => log.reads >= 1);
    const started = Date.now();
    await subscription.stop();
    expect(Date.now() - started).toBeLessThan(500);
    expect(subscription.position).toBe(0n);
  });

  it('treats a batch size below one as one', async () => {
    const log = new FakeLog();
    log.visible = [event(1), event(2)];
    const sizes: number[] = [];
    const subscription = new PostgresSubscription(log, { after: 0n, maxBatchSize: 0, handler: async (events) => void sizes.push(events.length) }, tuning);
    await until(() => subscription.isLive);
    await subscription.stop();
    expect(sizes).toEqual([1, 1]);
  });

  it('reads the next page while the handler works on the current one, and delivers in order', async () => {
    const log = new FakeLog();
    log.visible = [event(1), event(2), event(3), event(4), event(5)];
    const batches: bigint[][] = [];
    let release: () => void = () => undefined;
    const firstBatchHeld = new Promise<void>((resolve) => (release = resolve));
    const subscription = new PostgresSubscription(
      log,
      {
        after: 0n,
        handler: async (events) => {
          batches.push(events.map((e) => e.position));
          if (batches.length === 1) await firstBatchHeld;
        },
      },
      tuning,
    );
    await until(() => log.reads === 2);
    expect(batches).toEqual([[1n, 2n]]); // the second page was read while the first is still in hand
    release();
    await until(() => subscription.isLive);
    await subscription.stop();
    expect(batches).toEqual([[1n, 2n], [3n, 4n], [5n]]);
  });

  it('reports a failed read-ahead and reads that page again: nothing skipped, nothing twice', async () => {
    const log = new FakeLog();
    log.visible = [event(1), event(2), event(3), event(4), event(5)];
    log.failingReads = new Set([2]);
    const batches: bigint[][] = [];
    const errors: unknown[] = [];
    const subscription = new PostgresSubscription(
      log,
      { after: 0n, handler: async (events) => void batches.push(events.map((e) => e.position)), onError: (error) => errors.push(error) },
      tuning,
    );
    await until(() => subscription.isLive);
    await subscription.stop();
    expect(batches).toEqual([[1n, 2n], [3n, 4n], [5n]]);
    expect(errors).toEqual([new Error('read 2 failed')]);
  });
});
