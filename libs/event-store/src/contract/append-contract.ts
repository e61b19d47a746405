import type { NewEvent } from '@oms/contracts';
import { EventIdConflict, InvalidAppend, WrongExpectedVersion } from '../errors';
import type { ExpectedRevision } from '../event-store';
import { itSupports, type ContractContext } from './contract-context';
import { metadata, newEvent, newEvents, uniqueId } from './fixtures';

/** Metadata keys a store may add on read: the hash chain (PostgreSQL) and the upcasting mark. */
const storeMetadataKeys = ['hash', 'previousHash', 'upcastedTo'];

function strictlyIncreasing(values: bigint[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]);
}

export function describeAppending(context: ContractContext): void {
  const store = () => context.store();

  describe('appending', () => {
    it('stores events with their full metadata and reads them back in revision order', async () => {
      const stream = uniqueId('order');
      const events = [newEvent('OrderPlaced', { total: { amount: '10.00', currency: 'EUR' } }), newEvent('OrderConfirmed', ['a', 1, null])];
      events[0].metadata = metadata({ orderId: stream, actor: { type: 'service', id: 'ordering' }, traceId: 'abc' });

      const result = await store().append(stream, events, { expected: 'no_stream' });
      const read = await store().readStream(stream);

      expect(result.streamId).toBe(stream);
      expect(result.nextExpectedRevision).toBe(1);
      expect(result.positions).toHaveLength(2);
      expect(strictlyIncreasing(result.positions)).toBe(true);
      // The store may add keys of its own (e.g. the PostgreSQL hash chain) but keeps every key written.
      expect(read.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata, revision: e.revision, streamId: e.streamId }))).toEqual(
        events.map((e, revision) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: expect.objectContaining(e.metadata), revision, streamId: stream })),
      );
      const added = read.flatMap((e, i) => Object.keys(e.metadata).filter((key) => !(key in events[i].metadata)));
      expect(added.filter((key) => !storeMetadataKeys.includes(key))).toEqual([]);
      expect(read.map((e) => e.position)).toEqual(result.positions);
      expect(read[0].recordedAt).toBeInstanceOf(Date);
    });

    it('numbers revisions on from the stream end across appends', async () => {
      const stream = uniqueId('order');
      const first = await store().append(stream, newEvents(3));
      const second = await store().append(stream, newEvents(2));

      expect(first.nextExpectedRevision).toBe(2);
      expect(second.nextExpectedRevision).toBe(4);
      expect(second.positions[0]).toBeGreaterThan(first.positions[2]);
      expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    });

    describe('refuses malformed appends before writing anything', () => {
      const without = (key: string): NewEvent => {
        const event = newEvent();
        delete (event.metadata as unknown as Record<string, unknown>)[key];
        return event;
      };
      const cases: Array<[string, () => NewEvent[]]> = [
        ['no metadata at all', () => [{ ...newEvent(), metadata: undefined } as unknown as NewEvent]],
        ...['orderId', 'correlationId', 'causationId', 'actor', 'occurredAt', 'schemaVersion'].map(
          (key): [string, () => NewEvent[]] => [`metadata without ${key}`, () => [newEvent(), without(key)]],
        ),
        ['an actor without id', () => [{ ...newEvent(), metadata: metadata({ actor: { type: 'user' } as never }) }]],
        ['an occurredAt that is not ISO-8601', () => [{ ...newEvent(), metadata: metadata({ occurredAt: 'yesterday' }) }]],
        ['a schemaVersion of 0', () => [{ ...newEvent(), metadata: metadata({ schemaVersion: 0 }) }]],
        ['an event id that is not a UUID', () => [{ ...newEvent(), eventId: 'order-1-placed' }]],
        ['no events', () => []],
        ['the same event id twice', () => {
          const event = newEvent();
          return [event, { ...newEvent(), eventId: event.eventId }];
        }],
      ];
      it.each(cases)('%s', async (_, events) => {
        const stream = uniqueId('order');
        await expect(store().append(stream, events())).rejects.toBeInstanceOf(InvalidAppend);
        expect(await store().readStream(stream)).toEqual([]);
      });

      it('more than 10,000 events in one append', async () => {
        const stream = uniqueId('order');
        const event = newEvent();
        const events = Array.from({ length: 10_001 }, (_, n) => ({ ...event, eventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` }));
        await expect(store().append(stream, events)).rejects.toMatchObject({ code: 'INVALID_APPEND' });
        expect(await store().readStream(stream)).toEqual([]);
      });
    });
  });

  describe('expected revision', () => {
    async function streamWithRevision(revision: number): Promise<string> {
      const stream = uniqueId('order');
      if (revision >= 0) await store().append(stream, newEvents(revision + 1));
      return stream;
    }

    const cases: Array<[ExpectedRevision, number, 'ok' | number | 'no_stream']> = [
      ['no_stream', -1, 'ok'],
      ['no_stream', 1, 1],
      ['stream_exists', -1, 'no_stream'],
      ['stream_exists', 0, 'ok'],
      [2, 2, 'ok'],
      [1, 2, 2],
      [3, 2, 2],
      [0, -1, 'no_stream'],
      ['any', -1, 'ok'],
      ['any', 4, 'ok'],
    ];
    it.each(cases)('expected %p on a stream at revision %p (-1: none) → %p', async (expected, revision, outcome) => {
      const stream = await streamWithRevision(revision);
      const append = store().append(stream, [newEvent()], { expected });
      if (outcome === 'ok') {
        await expect(append).resolves.toMatchObject({ nextExpectedRevision: revision + 1 });
      } else {
        const error = await append.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', streamId: stream, expected, actual: outcome });
        expect(await store().readStream(stream)).toHaveLength(revision + 1);
      }
    });

    it('lets exactly one of two racing no_stream creates win; the other learns the actual revision', async () => {
      for (let race = 0; race < 5; race++) {
        const stream = uniqueId('order');
        const outcomes = await Promise.allSettled([
          store().append(stream, newEvents(2), { expected: 'no_stream' }),
          store().append(stream, newEvents(2), { expected: 'no_stream' }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(WrongExpectedVersion);
        expect(lost[0].reason).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
        expect(await store().readStream(stream)).toHaveLength(2);
      }
    });

    it('lets exactly one of several racing writers at the same revision win', async () => {
      const stream = await streamWithRevision(0);
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => store().append(stream, [newEvent()], { expected: 0 })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 1 });
      expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
    });
  });

  describe('idempotent retries by event id', () => {
    it('answers a retried append with the original positions and writes nothing, whatever it expects', async () => {
      const stream = uniqueId('order');
      const events = newEvents(3);
      const original = await store().append(stream, events, { expected: 'no_stream' });

      const retry = await store().append(stream, events, { expected: 'no_stream' });
      const retryAny = await store().append(stream, events);
      const retryExact = await store().append(stream, events, { expected: 7 });

      for (const r of [retry, retryAny, retryExact]) expect(r).toEqual(original);
      expect(await store().readStream(stream)).toHaveLength(3);
    });

    it('recognises a retry after the stream moved on, and reports the stream revision now', async () => {
      const stream = uniqueId('order');
      const events = newEvents(2);
      const original = await store().append(stream, events);
      await store().append(stream, newEvents(1));

      const retry = await store().append(stream, events, { expected: 1 });

      expect(retry.positions).toEqual(original.positions);
      expect(retry.nextExpectedRevision).toBe(2);
      expect(await store().readStream(stream)).toHaveLength(3);
    });

    it('refuses a batch that repeats only some ids of an earlier append (EventIdConflict), writing nothing', async () => {
      const stream = uniqueId('order');
      const [a, b] = newEvents(2);
      await store().append(stream, [a]);

      const error = await store().append(stream, [a, b]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EventIdConflict);
      expect(error).toMatchObject({ code: 'EVENT_ID_CONFLICT', eventIds: [a.eventId], streamIds: [stream] });
      expect(await store().readStream(stream)).toHaveLength(1);
    });

    itSupports(context, 'event ids unique across streams', 'refuses an event id already used in another stream', async () => {
      const event = newEvent();
      const first = uniqueId('order');
      await store().append(first, [event]);
      const other = uniqueId('order');

      // It names where the id lives: the retry of a command whose first reply was lost finds its result there.
      await expect(store().append(other, [event])).rejects.toMatchObject({ code: 'EVENT_ID_CONFLICT', reason: 'used_elsewhere', streamIds: [first] });
      expect(await store().readStream(other)).toEqual([]);
    });

    it('writes once when the same append races with itself', async () => {
      const stream = uniqueId('order');
      const events = newEvents(2);
      const results = await Promise.all(Array.from({ length: 4 }, () => store().append(stream, events)));
      for (const result of results) expect(result).toEqual(results[0]);
      expect(await store().readStream(stream)).toHaveLength(2);
    });
  });

  describe('appendMany', () => {
    it('appends to several streams in one call, positions in argument order', async () => {
      const [s1, s2] = [uniqueId('order'), uniqueId('invoice')];
      const results = await store().appendMany([
        { streamId: s1, events: newEvents(2), expected: 'no_stream' },
        { streamId: s2, events: newEvents(1), expected: 'no_stream' },
      ]);
      expect(results.map((r) => [r.streamId, r.nextExpectedRevision])).toEqual([
        [s1, 1],
        [s2, 0],
      ]);
      expect(strictlyIncreasing([...results[0].positions, ...results[1].positions])).toBe(true);
      expect(await store().readStream(s2)).toHaveLength(1);
    });

    itSupports(context, 'atomic appendMany', 'writes nothing to any stream when one stream is not at its expected revision', async () => {
      const [fresh, existing] = [uniqueId('order'), uniqueId('order')];
      await store().append(existing, newEvents(1));

      const error = await store()
        .appendMany([
          { streamId: fresh, events: newEvents(2), expected: 'no_stream' },
          { streamId: existing, events: newEvents(1), expected: 'no_stream' },
        ])
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', streamId: existing, actual: 0 });
      expect(await store().readStream(fresh)).toEqual([]);
      expect(await store().readStream(existing)).toHaveLength(1);
    });

    it('refuses the same stream twice in one call', async () => {
      const stream = uniqueId('order');
      await expect(
        store().appendMany([
          { streamId: stream, events: newEvents(1) },
          { streamId: stream, events: newEvents(1) },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      expect(await store().readStream(stream)).toEqual([]);
    });
  });
}
