import type { RecordedEvent } from '@oms/contracts';
import type { AllFilter, EventBatchHandler, Subscription } from '../event-store';
import { itSupports, type ContractContext } from './contract-context';
import { newEvents, sleep, uniqueId, waitFor } from './fixtures';

export function describeSubscribing(context: ContractContext): void {
  const store = () => context.store();
  const running: Subscription[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  function subscribe(filter: AllFilter, handler?: EventBatchHandler, after = 0n, maxBatchSize?: number) {
    const received: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store().subscribeToAll({
      after,
      filter,
      maxBatchSize,
      handler:
        handler ??
        (async (events) => {
          received.push(...events);
        }),
      onError: (error) => errors.push(error),
    });
    running.push(subscription);
    return { subscription, received, errors };
  }

  describe('subscribeToAll', () => {
    it('delivers history, goes live, then delivers new events, in order', async () => {
      const stream = uniqueId('sub');
      const history = await store().append(stream, newEvents(7));
      const { subscription, received } = subscribe({ streamPrefixes: [stream] }, undefined, 0n, 3);

      await waitFor(() => received.length === 7 && subscription.isLive, 5_000, 'history');
      const live = await store().append(stream, newEvents(4));
      await waitFor(() => received.length === 11, 5_000, 'live events');

      expect(received.map((e) => e.position)).toEqual([...history.positions, ...live.positions]);
      expect(received.map((e) => e.revision)).toEqual([...Array(11).keys()]);
      expect(subscription.position).toBe(live.positions[3]);
    });

    it('delivers a new event within milliseconds, far below the poll interval', async () => {
      const stream = uniqueId('fast');
      const { subscription, received } = subscribe({ streamPrefixes: [stream] });
      await waitFor(() => subscription.isLive, 5_000, 'live');
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        await sleep(20);
        const started = Date.now();
        await store().append(stream, newEvents(1));
        await waitFor(() => received.length === i + 1, 5_000, 'delivery');
        latencies.push(Date.now() - started);
      }
      const pollIntervalMs = context.options.pollIntervalMs ?? 10_000;
      // Only a push (NOTIFY, gRPC) explains a delivery this much faster than polling.
      expect(Math.max(...latencies)).toBeLessThan(Math.min(1_000, pollIntervalMs / 4));
    });

    it('redelivers a batch whose handler failed, and skips nothing', async () => {
      const stream = uniqueId('fail');
      const appended = await store().append(stream, newEvents(6));
      const acknowledged: RecordedEvent[] = [];
      let failuresLeft = 2;
      const { errors } = subscribe(
        { streamPrefixes: [stream] },
        async (events) => {
          if (events.some((e) => e.revision === 3) && failuresLeft-- > 0) throw new Error('handler failed');
          acknowledged.push(...events);
        },
        0n,
        2,
      );

      await waitFor(() => acknowledged.length === 6, 10_000, 'all events acknowledged');

      expect(acknowledged.map((e) => e.position)).toEqual(appended.positions);
      expect(errors).toHaveLength(2);
    });

    it('waits in stop() for the batch being handled', async () => {
      const stream = uniqueId('stop');
      await store().append(stream, newEvents(1));
      let finished = false;
      let started = false;
      const { subscription } = subscribe({ streamPrefixes: [stream] }, async () => {
        started = true;
        await sleep(200);
        finished = true;
      });
      await waitFor(() => started, 5_000, 'handler start');

      await subscription.stop();

      expect(finished).toBe(true);
    });

    it('starts after the given position, exclusive', async () => {
      const stream = uniqueId('resume');
      const { positions } = await store().append(stream, newEvents(5));
      const { subscription, received } = subscribe({ streamPrefixes: [stream] }, undefined, positions[1]);

      await waitFor(() => subscription.isLive, 5_000, 'live');
      await sleep(50);

      expect(received.map((e) => e.position)).toEqual(positions.slice(2));
    });

    itSupports(context, 'notification reconnect', 'reconnects live notifications after their connection is killed, and delivers what came meanwhile', async () => {
      const stream = uniqueId('reconnect');
      const { subscription, received } = subscribe({ streamPrefixes: [stream] });
      await waitFor(() => subscription.isLive, 5_000, 'live');

      await context.hook('breakNotifications')();
      await store().append(stream, newEvents(2));
      await waitFor(() => received.length === 2, 5_000, 'events appended while disconnected');
      // Live again through notifications, not through polling:
      const started = Date.now();
      await store().append(stream, newEvents(1));
      await waitFor(() => received.length === 3, 5_000, 'event after reconnect');
      expect(Date.now() - started).toBeLessThan(Math.min(1_000, (context.options.pollIntervalMs ?? 10_000) / 4));
    });

    itSupports(context, 'durable checkpoints with effects', 'neither loses nor repeats an effect when the consumer crashes before committing', async () => {
      const prefix = uniqueId('crash');
      const appended = (await store().appendMany([0, 1, 2].map((i) => ({ streamId: `${prefix}-${i}`, events: newEvents(8) })))).flatMap((r) => r.positions);
      const consumer = await context.hook('durableConsumer')(prefix);

      // First life: handles two batches, then dies between the third batch's writes and its
      // COMMIT; a dead process handles nothing more.
      let expected = await consumer.checkpoint();
      let committedUpTo = expected;
      let batches = 0;
      let dead = false;
      const first = subscribe(
        { streamPrefixes: [prefix] },
        async (events, last) => {
          if (dead) throw new Error('this consumer process is dead');
          if (++batches === 3) {
            dead = true;
            await consumer.handle(events, expected, last, { crashBeforeCommit: true });
          }
          await consumer.handle(events, expected, last);
          expected = committedUpTo = last;
        },
        expected,
        4,
      );
      await waitFor(() => dead && first.errors.length > 0, 5_000, 'the crash');
      await first.subscription.stop();

      // Second life: resumes from the durable checkpoint only.
      expected = await consumer.checkpoint();
      expect(expected).toBe(committedUpTo);
      expect(expected).toBeLessThan(appended[appended.length - 1]);
      const second = subscribe(
        { streamPrefixes: [prefix] },
        async (events, last) => {
          await consumer.handle(events, expected, last);
          expected = last;
        },
        expected,
        4,
      );
      await waitFor(async () => (await consumer.checkpoint()) === appended[appended.length - 1], 10_000, 'catching up');
      await second.subscription.stop();

      const effects = await consumer.effects();
      expect(effects.map((e) => e.position)).toEqual(appended);
      expect(second.errors).toEqual([]);
    });
  });
}
