import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { metadata, newEvent, newEvents, uniqueId } from '../contract/fixtures';
import { streamHeads, verifyChain } from './hash-chain';
import { useMigratedStore } from './migrated-store.fixtures';
import { migrate, migrations } from './migrations';
import { PostgresEventStore } from './postgres-event-store';
import { createTables } from './schema';

describe('hash chain over each stream (PostgreSQL)', () => {
  const db = useMigratedStore('es_hash_chain', 8);

  /** A stream of `count` events written in two appends (so the chain crosses an append). */
  async function stream(count: number): Promise<string> {
    const streamId = uniqueId('chain');
    await db.store.append(streamId, newEvents(2), { expected: 'no_stream' });
    if (count > 2) await db.store.append(streamId, newEvents(count - 2), { expected: 1 });
    return streamId;
  }

  it('exposes each event hash and the previous one on read, chained from the first event to the head', async () => {
    const streamId = await stream(5);
    const events = await db.store.readStream(streamId);

    expect(events[0].metadata.previousHash).toBeNull();
    for (let i = 1; i < events.length; i++) expect(events[i].metadata.previousHash).toBe(events[i - 1].metadata.hash);
    expect(new Set(events.map((e) => e.metadata.hash)).size).toBe(5);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(String(e.metadata.hash)))).toBe(true);
    expect(await db.store.streamHead(streamId)).toEqual({ streamId, revision: 4, hash: events[4].metadata.hash });
    expect(await db.store.streamHead(uniqueId('none'))).toBeUndefined();
    const [fromLog] = (await db.store.readAll({ after: events[2].position - 1n, maxCount: 1 })).events;
    expect(fromLog.metadata).toMatchObject({ hash: events[2].metadata.hash, previousHash: events[1].metadata.hash });
  });

  it('hashes sha256(previous hash || the jsonb text of the stored fields), reproducible outside PostgreSQL', async () => {
    const streamId = await stream(3);
    const { rows } = await db.pool.query<{ previous_hash: Buffer | null; hash: Buffer; canonical: string }>(
      `SELECT previous_hash, hash,
              jsonb_build_array(stream_id, revision, event_id, type, data, metadata, position, (extract(epoch FROM recorded_at) * 1000000)::bigint)::text AS canonical
         FROM es_events WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    );
    for (const row of rows) {
      const expected = createHash('sha256')
        .update(Buffer.concat([row.previous_hash ?? Buffer.alloc(0), Buffer.from(row.canonical, 'utf8')]))
        .digest();
      expect(row.hash.equals(expected)).toBe(true);
    }
  });

  it('hashes the very bytes jsonb_build_array(…)::text spells, on awkward values too', async () => {
    const { rows } = await db.pool.query<{ same: boolean; canonical: string; spelled: string }>(
      `SELECT es_event_hash(p, s, r, u, t, d, m, pos, ts) = sha256(coalesce(p, ''::bytea) || convert_to(
                jsonb_build_array(s, r, u, t, d, m, pos, (extract(epoch FROM ts) * 1000000)::bigint)::text, 'UTF8')) AS same
         FROM (VALUES
           ('\\x00ff'::bytea, E'a"b\\\\c\\n\\u00e9\\t\\u0001/', 0::bigint, gen_random_uuid(), E'ty"pe\\u2028',
            '{"x": [1, 2.50, -0.0, 1e100, 0.1e-5, "\\u0001x\\"\\\\"], "é": {"b": null, "a": true}, "": []}'::jsonb, '"scalar"'::jsonb,
            123456789012345::bigint, '1969-12-31 23:59:59.999999+00'::timestamptz),
           (NULL, 'x', 9223372036854775807, gen_random_uuid(), '', '[]'::jsonb, '{}'::jsonb, 1, '2262-04-11 23:47:16.854775+00'::timestamptz),
           (NULL, '😀 ü', 1, gen_random_uuid(), 'T', 'null'::jsonb, '12.000'::jsonb, 1, now()),
           (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
         ) v(p, s, r, u, t, d, m, pos, ts)`,
    );
    expect(rows.map((row) => row.same)).toEqual([true, true, true, true]);
  });

  it('keeps the hash keys out of the stored metadata: a caller cannot forge them', async () => {
    const streamId = uniqueId('forged');
    const event = { ...newEvent(), metadata: { ...metadata(), hash: 'f'.repeat(64), previousHash: 'e'.repeat(64) } };
    await db.store.append(streamId, [event]);
    const { rows } = await db.pool.query('SELECT metadata FROM es_events WHERE stream_id = $1', [streamId]);
    expect(rows[0].metadata).not.toHaveProperty('hash');
    expect(rows[0].metadata).not.toHaveProperty('previousHash');
    const [read] = await db.store.readStream(streamId);
    expect(read.metadata.hash).not.toBe('f'.repeat(64));
    expect(read.metadata.previousHash).toBeNull();
  });

  it('records the time after the stream lock, so recordedAt grows with the revision', async () => {
    const streamId = uniqueId('clock');
    await Promise.all(Array.from({ length: 12 }, () => db.store.append(streamId, [newEvent()])));
    const events = await db.store.readStream(streamId);
    for (let i = 1; i < events.length; i++) expect(events[i].recordedAt.getTime()).toBeGreaterThanOrEqual(events[i - 1].recordedAt.getTime());
  });

  it('verifies a stream written concurrently and in multi-stream appends', async () => {
    const [a, b] = [uniqueId('multi'), uniqueId('multi')];
    await Promise.all(
      Array.from({ length: 8 }, () =>
        db.store.appendMany([
          { streamId: a, events: newEvents(2) },
          { streamId: b, events: newEvents(1) },
        ]),
      ),
    );
    expect(await verifyChain(db.pool, { streamId: a })).toEqual({ events: 16, streams: 1, problems: [] });
    expect((await verifyChain(db.pool, { streamId: b })).problems).toEqual([]);
  });

  describe('verify finds what was done to the rows behind the store', () => {
    it('an edited event: names it, and only it', async () => {
      const streamId = await stream(6);
      const target = (await db.store.readStream(streamId))[3];
      await db.pool.query(`UPDATE es_events SET data = '{"n": 999}' WHERE event_id = $1`, [target.eventId]);

      const { problems } = await verifyChain(db.pool, { streamId });
      expect(problems).toEqual([expect.objectContaining({ kind: 'altered', streamId, revision: 3, eventId: target.eventId, position: target.position })]);
    });

    it('edited metadata, type or time are edits too', async () => {
      for (const edit of [
        `UPDATE es_events SET metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"') WHERE event_id = $1`,
        `UPDATE es_events SET type = 'SomethingElse' WHERE event_id = $1`,
        `UPDATE es_events SET recorded_at = recorded_at - interval '1 day' WHERE event_id = $1`,
      ]) {
        const streamId = await stream(3);
        const target = (await db.store.readStream(streamId))[1];
        await db.pool.query(edit, [target.eventId]);
        expect((await verifyChain(db.pool, { streamId })).problems).toEqual([expect.objectContaining({ kind: 'altered', revision: 1, eventId: target.eventId })]);
      }
    });

    it('a deleted event in the middle: the gap is named at the event after it', async () => {
      const streamId = await stream(6);
      const events = await db.store.readStream(streamId);
      await db.pool.query('DELETE FROM es_events WHERE event_id = $1', [events[2].eventId]);

      const { problems } = await verifyChain(db.pool, { streamId });
      expect(problems).toEqual([expect.objectContaining({ kind: 'missing', revision: 3, eventId: events[3].eventId })]);
      expect(problems[0].detail).toMatch(/revision 2 is missing/);
    });

    it('a deleted first event', async () => {
      const streamId = await stream(3);
      await db.pool.query('DELETE FROM es_events WHERE stream_id = $1 AND revision = 0', [streamId]);
      expect((await verifyChain(db.pool, { streamId })).problems).toEqual([expect.objectContaining({ kind: 'missing', revision: 1 })]);
    });

    it('two events swapped (their revisions exchanged)', async () => {
      const streamId = await stream(5);
      const events = await db.store.readStream(streamId);
      // (stream_id, revision) is unique: park one row out of the way, then swap.
      await db.pool.query('UPDATE es_events SET revision = 1000 WHERE stream_id = $1 AND revision = 1', [streamId]);
      await db.pool.query('UPDATE es_events SET revision = 1 WHERE stream_id = $1 AND revision = 2', [streamId]);
      await db.pool.query('UPDATE es_events SET revision = 2 WHERE stream_id = $1 AND revision = 1000', [streamId]);

      const { problems } = await verifyChain(db.pool, { streamId });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ streamId, revision: 1, eventId: events[2].eventId });
      expect(['reordered', 'broken-link', 'altered']).toContain(problems[0].kind);
    });

    it('two events swapped in place (their contents exchanged)', async () => {
      const streamId = await stream(4);
      const events = await db.store.readStream(streamId);
      await db.pool.query(
        `UPDATE es_events e SET data = o.data, metadata = o.metadata
           FROM es_events o WHERE e.stream_id = $1 AND o.stream_id = $1 AND ((e.revision = 1 AND o.revision = 2) OR (e.revision = 2 AND o.revision = 1))`,
        [streamId],
      );
      expect((await verifyChain(db.pool, { streamId })).problems).toEqual([expect.objectContaining({ kind: 'altered', revision: 1, eventId: events[1].eventId })]);
    });

    it('a row inserted around es_append', async () => {
      const streamId = await stream(2);
      await db.pool.query(
        `INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT max(position) + 1, $1, 2, gen_random_uuid(), 'Sneaked', '{}', $2 FROM es_events`,
        [streamId, JSON.stringify(metadata())],
      );
      expect((await verifyChain(db.pool, { streamId })).problems).toEqual([expect.objectContaining({ kind: 'unchained', revision: 2 })]);
    });

    it('the last event deleted, or the whole tail rewritten with fresh hashes: caught against heads recorded before', async () => {
      const [cut, rewritten, untouched] = [await stream(4), await stream(4), await stream(3)];
      const heads = (await streamHeads(db.pool)).filter((head) => [cut, rewritten, untouched].includes(head.streamId));
      await db.pool.query('DELETE FROM es_events WHERE stream_id = $1 AND revision = 3', [cut]);
      // Someone who knows the hash function re-chains after the edit: the chain itself holds...
      await db.pool.query(`UPDATE es_events SET data = '{"n": -1}' WHERE stream_id = $1 AND revision = 3`, [rewritten]);
      await db.pool.query(
        `UPDATE es_events SET hash = es_event_hash(previous_hash, stream_id, revision, event_id, type, data, metadata, position, recorded_at)
          WHERE stream_id = $1 AND revision = 3`,
        [rewritten],
      );
      expect((await verifyChain(db.pool, { streamId: rewritten })).problems).toEqual([]);

      // …but not against the heads taken before.
      const { problems } = await verifyChain(db.pool, { expectedHeads: heads });
      const mine = problems.filter((p) => [cut, rewritten, untouched].includes(p.streamId));
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'head-mismatch', streamId: cut, revision: 3, position: null }),
          expect.objectContaining({ kind: 'head-mismatch', streamId: rewritten, revision: 3 }),
        ]),
      );
      expect(mine).toHaveLength(2);
      expect(mine.find((p) => p.streamId === cut)?.detail).toMatch(/is gone; the stream now ends at revision 2/);
    });
  });

  it('walks the whole log in pages, counting every event and stream', async () => {
    const { rows } = await db.pool.query<{ events: string; streams: string }>('SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM es_events');
    const report = await verifyChain(db.pool, { pageSize: 7 });
    expect(report.events).toBe(Number(rows[0].events));
    expect(report.streams).toBe(Number(rows[0].streams));
  });
});

describe('hash chain migration over events written before it (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_hash_backfill');
    pool = new Pool({ connectionString: database.url, max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('chains the existing events, and appends continue the chain', async () => {
    // The schema as migrations 1–3 left it, with events in it (inserted as the old es_append did).
    await pool.query(createTables);
    await pool.query(`CREATE TABLE es_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`INSERT INTO es_migrations (id, name) SELECT id, name FROM unnest($1::int[], $2::text[]) AS m(id, name)`, [
      migrations.filter((m) => m.id <= 3).map((m) => m.id),
      migrations.filter((m) => m.id <= 3).map((m) => m.name),
    ]);
    await pool.query(
      `INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
       SELECT (100 + g) << 20, 'old-' || (g % 3), g / 3, gen_random_uuid(), 'OldHappened', jsonb_build_object('g', g), $1
         FROM generate_series(0, 29) g`,
      [JSON.stringify(metadata())],
    );

    expect(await migrate(pool)).toEqual(migrations.filter((m) => m.id > 3).map((m) => m.id));
    expect(await verifyChain(pool)).toEqual({ events: 30, streams: 3, problems: [] });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM es_events WHERE hash IS NULL');
    expect(rows[0].n).toBe(0);

    const store = new PostgresEventStore(pool);
    const head = await store.streamHead('old-1');
    await store.append('old-1', [newEvent()], { expected: 9 });
    const [appended] = await store.readStream('old-1', { fromRevision: 10 });
    expect(appended.metadata.previousHash).toBe(head?.hash);
    expect((await verifyChain(pool)).problems).toEqual([]);
    await store.close();
  });
});
