import { metadata, newEvent, newEvents, uniqueId } from '../contract/fixtures';
import { EventIdConflict } from '../errors';
import { verifyChain } from './hash-chain';
import { useMigratedStore } from './migrated-store.fixtures';

// es_append's idempotency is decided only when its INSERT skipped an id (ON CONFLICT) or the
// expected revision did not hold: the paths the contract suite does not reach on its own.
describe('es_append: retries and conflicts found by the INSERT (PostgreSQL)', () => {
  const db = useMigratedStore('es_append_fn', 4);

  const count = async (streamId: string) => (await db.store.readStream(streamId)).length;

  it('answers the retry of a multi-stream append with its original positions, whatever it expects', async () => {
    const [a, b] = [uniqueId('retry-a'), uniqueId('retry-b')];
    const appends = [
      { streamId: a, events: newEvents(3), expected: 'no_stream' as const },
      { streamId: b, events: newEvents(2), expected: 'no_stream' as const },
    ];
    const original = await db.store.appendMany(appends);
    await db.store.append(a, newEvents(1));

    const retry = await db.store.appendMany(appends);

    expect(retry.map((r) => r.positions)).toEqual(original.map((r) => r.positions));
    expect(retry.map((r) => r.nextExpectedRevision)).toEqual([3, 1]);
    expect([await count(a), await count(b)]).toEqual([4, 2]);
  });

  it('refuses a multi-stream append one of whose streams repeats an earlier append, writing nothing to either', async () => {
    const [a, b] = [uniqueId('mixed-a'), uniqueId('mixed-b')];
    const earlier = newEvents(2);
    await db.store.append(a, earlier);

    const error = await db.store
      .appendMany([
        { streamId: a, events: earlier },
        { streamId: b, events: newEvents(2) },
      ])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({ reason: 'partial_overlap', eventIds: expect.arrayContaining(earlier.map((e) => e.eventId)) });
    expect([await count(a), await count(b)]).toEqual([2, 0]);
  });

  it('names only the ids stored before, not the ones this append inserted and undid', async () => {
    const stream = uniqueId('undo');
    const [a, b, c] = newEvents(3);
    await db.store.append(stream, [b]);

    const error = await db.store.append(stream, [a, b, c]).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'EVENT_ID_CONFLICT', reason: 'partial_overlap', eventIds: [b.eventId] });
    expect((await db.store.readStream(stream)).map((e) => e.eventId)).toEqual([b.eventId]);
  });

  it('recognises a retry inside the caller’s transaction without aborting it', async () => {
    const stream = uniqueId('in-tx');
    const events = newEvents(2);
    const [original] = await db.store.append(stream, events).then((r) => [r]);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const [retry] = await db.store.appendInTransaction(client, [{ streamId: stream, events, expected: 'no_stream' }]);
      const [next] = await db.store.appendInTransaction(client, [{ streamId: stream, events: newEvents(1), expected: 1 }]);
      await client.query('COMMIT');
      expect(retry).toEqual(original);
      expect(next.nextExpectedRevision).toBe(2);
    } finally {
      client.release();
    }
    expect(await count(stream)).toBe(3);
  });

  it('refuses, as an invalid append, the same id twice in one call made around the adapter', async () => {
    const id = newEvent().eventId;
    await expect(
      db.pool.query(`SELECT * FROM es_append(ARRAY['dup-' || $1], ARRAY['any'], ARRAY[$1::uuid, $1::uuid], ARRAY['T', 'T'], ARRAY['{}'::jsonb, '{}'::jsonb],
                                          ARRAY[$2::jsonb, $2::jsonb], ARRAY[1, 1])`, [id, JSON.stringify(metadata())]),
    ).rejects.toMatchObject({ code: 'ES003' });
    expect(await count(`dup-${id}`)).toBe(0);
  });

  it('chains batches of one and many events, on one stream and several, as verify recomputes them', async () => {
    const [a, b] = [uniqueId('chain-a'), uniqueId('chain-b')];
    await db.store.append(a, newEvents(1));
    await db.store.append(a, newEvents(10));
    await db.store.appendMany([
      { streamId: a, events: newEvents(3) },
      { streamId: b, events: newEvents(4) },
    ]);
    await db.store.append(b, [{ ...newEvent(), metadata: { ...metadata(), hash: 'forged', previousHash: 'forged' } as never }]);

    for (const streamId of [a, b]) expect(await verifyChain(db.pool, { streamId })).toEqual({ events: streamId === a ? 14 : 5, streams: 1, problems: [] });
    const [last] = await db.store.readStream(b, { fromRevision: 4 });
    expect(last.metadata.hash).not.toBe('forged');
  });
});
