import type { RecordedEvent } from '@oms/contracts';
import type { AppendResult, ExpectedRevision, StreamAppend, Subscription } from '../event-store';
import { itSupports, type ContractContext } from './contract-context';
import { newEvents, uniqueId, waitFor } from './fixtures';

const WRITERS = 32;
const APPENDS_PER_WRITER = 50;
const SHARED_STREAMS = 6;
const ROLLBACK_SHARE = 0.12;
const DELAYED_COMMIT_SHARE = 0.2;
const MULTI_STREAM_SHARE = 0.1;

function random(below: number): number {
  return Math.floor(Math.random() * below);
}

/**
 * THE proof that the global log neither skips nor repeats: many writers commit in an order
 * unrelated to their positions (some hold their transaction open, some roll back), while a
 * subscriber reads, is stopped midway and resumes from its durable checkpoint.
 */
export function describeConcurrencyProof(context: ContractContext): void {
  itSupports(
    context,
    'rolled-back and delayed transactions',
    `delivers every committed event exactly once, in order, to a subscriber restarted midway, while ${WRITERS} writers commit out of order and roll back`,
    async () => {
      const store = context.store();
      const appendInTransaction = context.hook('appendInTransaction');
      const prefix = uniqueId('proof');
      const consumer = await context.hook('durableConsumer')(prefix);

      const committed = new Map<string, { streamId: string; position: bigint }>();
      const rolledBack = new Set<string>();
      let appendsDone = 0;
      let outOfOrderCommits = 0;
      let highestCommitted = 0n;
      const record = (appends: StreamAppend[], results: AppendResult[]) => {
        appends.forEach((append, i) =>
          append.events.forEach((event, k) => committed.set(event.eventId, { streamId: append.streamId, position: results[i].positions[k] })),
        );
        // A commit that becomes visible below an earlier commit's positions: the case that
        // makes a naive "position > last seen" reader skip events.
        const lowest = results.flatMap((r) => r.positions).reduce((a, b) => (a < b ? a : b));
        if (lowest < highestCommitted) outOfOrderCommits++;
        for (const r of results) for (const p of r.positions) if (p > highestCommitted) highestCommitted = p;
      };

      async function writer(w: number): Promise<void> {
        const own = `${prefix}-own-${w}`;
        let ownExpected: ExpectedRevision = 'no_stream';
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const both = Math.random() < MULTI_STREAM_SHARE;
          const toOwn = both || Math.random() < 0.5;
          const appends: StreamAppend[] = [];
          if (toOwn) appends.push({ streamId: own, events: newEvents(1 + random(3)), expected: ownExpected });
          if (both || !toOwn) appends.push({ streamId: `${prefix}-shared-${random(SHARED_STREAMS)}`, events: newEvents(1 + random(3)), expected: 'any' });
          const fate = Math.random();
          if (fate < ROLLBACK_SHARE) {
            await appendInTransaction(appends, 'rollback', random(20));
            for (const append of appends) for (const event of append.events) rolledBack.add(event.eventId);
          } else {
            const results =
              fate < ROLLBACK_SHARE + DELAYED_COMMIT_SHARE
                ? await appendInTransaction(appends, 'commit', 2 + random(30))
                : await store.appendMany(appends);
            if (!results) throw new Error('a committed append returned no result');
            record(appends, results);
            if (toOwn) ownExpected = results[0].nextExpectedRevision;
          }
          appendsDone++;
        }
      }

      const delivered: RecordedEvent[] = [];
      const errors: unknown[] = [];
      let expected = await consumer.checkpoint();
      const subscribe = (): Subscription =>
        store.subscribeToAll({
          after: expected,
          filter: { streamPrefixes: [prefix] },
          maxBatchSize: 50,
          onError: (error) => errors.push(error),
          handler: async (events, last) => {
            await consumer.handle(events, expected, last);
            expected = last;
            delivered.push(...events);
          },
        });

      let subscription = subscribe();
      const started = Date.now();
      const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

      await waitFor(() => appendsDone >= (WRITERS * APPENDS_PER_WRITER) / 2, 60_000, 'half of the appends');
      await subscription.stop();
      const stoppedAt = delivered.length;
      expected = await consumer.checkpoint(); // the restart knows only what is durable
      subscription = subscribe();

      await writing;
      const writeSeconds = (Date.now() - started) / 1000;
      // Caught up = read past the last committed position (a reader that skipped gets there too).
      await waitFor(() => subscription.position >= highestCommitted, 30_000, 'the subscriber to read past the last commit');
      const caughtUpSeconds = (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 300)); // room for any duplicate to show up
      await subscription.stop();

      const total = await context.hook('countEvents')(prefix);
      const ids = delivered.map((e) => e.eventId);
      const effects = await consumer.effects();

      const deliveredIds = new Set(ids);
      const skipped = [...committed.keys()].filter((id) => !deliveredIds.has(id)).length;
      expect({ skipped, duplicated: ids.length - deliveredIds.size }).toEqual({ skipped: 0, duplicated: 0 });
      expect(errors).toEqual([]);
      expect(total).toBe(committed.size);
      expect(delivered).toHaveLength(total);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(effects.map((e) => e.eventId)).size).toBe(effects.length);
      expect(effects).toHaveLength(total);
      expect(ids.filter((id) => rolledBack.has(id))).toEqual([]);
      expect(ids.filter((id) => !committed.has(id))).toEqual([]);
      expect(delivered.filter((e) => e.position !== committed.get(e.eventId)?.position)).toEqual([]);
      expect(delivered.every((e, i) => i === 0 || e.position > delivered[i - 1].position)).toBe(true);
      const revisions = new Map<string, number>();
      for (const event of delivered) {
        expect(event.revision).toBe((revisions.get(event.streamId) ?? -1) + 1);
        revisions.set(event.streamId, event.revision);
      }
      expect(stoppedAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeLessThan(total);

      console.log(
        `[${context.adapter}] concurrency proof: ${WRITERS} writers, ${appendsDone} appends (${rolledBack.size} events rolled back), ` +
          `${total} events committed in ${writeSeconds.toFixed(2)} s (${Math.round(total / writeSeconds)} events/s, ` +
          `${Math.round(appendsDone / writeSeconds)} appends/s); ${outOfOrderCommits} commits became visible below an earlier commit; ` +
          `subscriber restarted after ${stoppedAt} events, caught up ${(caughtUpSeconds - writeSeconds).toFixed(2)} s after the last write; ` +
          `0 skipped, 0 duplicated`,
      );
    },
    120_000,
  );
}
