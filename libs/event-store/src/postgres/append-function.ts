import { ORDINAL_BITS, SqlState } from './schema';
import { MAX_EVENTS_PER_APPEND } from '../append-validation';

/**
 * es_append: the whole append in one round trip and one transaction.
 *
 * Why positions are (xid << 20) + ordinal and not a sequence: a sequence value is taken before
 * commit, so transactions commit in another order than their values; a reader resuming after
 * "the last position I saw" then skips the slow transaction's events for ever. Here a reader
 * only reads below (xmin of its snapshot) << 20 (global-log.ts): every transaction with a
 * smaller xid has ended, so nothing can appear below that fence later.
 *
 * Why the advisory locks come before anything else: the xid is assigned at the transaction's
 * first write (or pg_current_xact_id()). Taking the streams' locks first means a later append
 * to the same stream gets its xid after the earlier one committed, hence a greater xid, hence
 * greater positions: per-stream order = revision order = position order. If the caller's
 * transaction already had an xid (it wrote before calling us) that reasoning fails, so we
 * check that the stream did not move past our positions and refuse (ES004) if it did.
 *
 * Locks are taken in key order so that two multi-stream appends cannot deadlock.
 *
 * Arguments: one entry per stream in p_stream_ids / p_expected ('any' | 'no_stream' |
 * 'stream_exists' | a revision); one entry per event in the other arrays, p_stream_index being
 * the 1-based index of the event's stream. Returns one row per stream, in argument order.
 *
 * p_notify: NOTIFY es_events at commit. PostgreSQL serializes the commits of notifying
 * transactions (a global lock held through the commit's WAL flush): measured here, 16
 * concurrent single-event appends fell from ~930 to ~320 per second. The adapter's own
 * autocommit appends therefore pass false and announce afterwards, coalesced and without a
 * flush (commit-announcer.ts); callers appending inside their own transaction keep true.
 *
 * Hash chain (hash-chain.ts): each event's hash is es_event_hash(hash of the stream's previous
 * event, its own stored fields). The head hash is read with the revision (same index probe),
 * the batch is chained in a loop (each hash needs the one before), and the rows go in with one
 * INSERT. `hash`/`previousHash` keys a caller put in the metadata are dropped: those are the
 * store's to say. recorded_at is the clock after the stream locks, so that it grows with the
 * revision within a stream (the as-of reads rely on it); the whole append shares it.
 *
 * Cost (migrations 5, 7 and 8): what a PL/pgSQL call costs is mostly per statement (executor
 * start-up, snapshot) and per expression (each is set up again in every transaction), not the
 * work inside. So the common case — one stream, a transaction that has not written yet — is
 * straight-line code over scalars: the lock, two SQL statements (the head probe and the
 * INSERT) and about a dozen expressions; es_event_hash is a STABLE SQL function, inlined into
 * the INSERT. Several streams, or a caller's transaction that wrote before, take the general
 * path (arrays per stream, the same steps). Idempotency costs nothing until it applies: the
 * INSERT skips ids that are already stored (ON CONFLICT (event_id) DO NOTHING; for a batch on
 * one stream, a plain INSERT in a subtransaction that a duplicate id undoes whole, cheaper than
 * checking every row first), and only when it wrote fewer rows than asked (or the expected
 * revision did not hold) are the ids looked up: every id already in its stream, consecutively
 * and in order, is the retry of an append whose COMMIT acknowledgement was lost (answered with
 * the original positions, nothing written); anything else is a conflict, raised — which undoes
 * whatever this call inserted. A retry is recognised whatever revision it expects, as before.
 * Measured (sequential, backend CPU per call): one event ≈ 650 µs before migration 5, ≈ 150 µs
 * after; ten events ≈ 1,250–2,000 µs before, ≈ 450 µs after.
 */
export const createAppendFunction = `
DROP FUNCTION IF EXISTS es_append(text[], text[], uuid[], text[], jsonb[], jsonb[], int[]);
CREATE OR REPLACE FUNCTION es_append(
  p_stream_ids   text[],
  p_expected     text[],
  p_event_ids    uuid[],
  p_types        text[],
  p_data         jsonb[],
  p_metadata     jsonb[],
  p_stream_index int[],
  p_notify       boolean DEFAULT true
) RETURNS TABLE (stream_id text, next_expected_revision bigint, positions bigint[])
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  -- Read before anything else: did the caller's transaction write before calling us?
  v_wrote_before boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
  v_streams   int;
  v_events    int;
  v_key       bigint;
  v_rev       bigint;    -- one stream: revision of its last event, NULL for no stream
  v_head      bytea;     -- one stream: hash of its last event, then of the batch's last so far
  v_current   bigint[];  -- per stream: revision of its last event, NULL for no stream
  v_heads     bytea[];   -- per stream: hash of its last event, then of the batch's last so far
  v_next      bigint[];  -- per stream: revision of the batch's last event so far
  v_bad       int;       -- the first stream not at its expected revision
  v_base      bigint;
  v_now       timestamptz;
  v_si        int;
  v_meta      jsonb;
  v_hash      bytea;
  v_revisions bigint[];
  v_previous  bytea[];
  v_hashes    bytea[];
  v_metadata  jsonb[];
  v_positions bigint[];
  v_inserted  bigint := 0;
  v_found     int;
  v_in_place  int;
  v_runs      int;
  v_moved     text;
  v_text      text;
BEGIN
  -- The common case — one stream, well-formed arguments, the transaction has not written yet —
  -- in as few statements and expressions as it takes: each costs more than the work in it.
  -- Anything else (or a malformed call, which the general path below names) goes the long way.
  IF coalesce(cardinality(p_stream_ids) = 1 AND NOT v_wrote_before
              AND cardinality(p_event_ids) BETWEEN 1 AND ${MAX_EVENTS_PER_APPEND} AND cardinality(p_expected) = 1
              AND cardinality(p_types) = cardinality(p_event_ids) AND cardinality(p_data) = cardinality(p_event_ids)
              AND cardinality(p_metadata) = cardinality(p_event_ids) AND cardinality(p_stream_index) = cardinality(p_event_ids)
              AND p_stream_ids[1] <> '' AND 1 = ALL (p_stream_index)
              AND (p_expected[1] IN ('any', 'no_stream', 'stream_exists') OR p_expected[1] ~ '^[0-9]{1,18}$'), false) THEN
    v_events := cardinality(p_event_ids);
    -- 1. Serialize writers of the stream before the first write (see above). Nothing above wrote.
    PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_ids[1], 0));

    -- 2. Its revision and head hash, read after the lock (a READ COMMITTED statement snapshot
    --    sees the commit of whoever held it before us): one backward probe of the
    --    (stream_id, revision) index.
    SELECT e.revision, e.hash INTO v_rev, v_head
      FROM es_events e WHERE e.stream_id = p_stream_ids[1] ORDER BY e.revision DESC LIMIT 1;

    -- 3. The expected revision, checked in SQL under the lock.
    IF p_expected[1] = 'any'
       OR (p_expected[1] = 'no_stream' AND v_rev IS NULL)
       OR (p_expected[1] = 'stream_exists' AND v_rev IS NOT NULL)
       OR (p_expected[1] ~ '^[0-9]+$' AND v_rev IS NOT DISTINCT FROM p_expected[1]::bigint) THEN
      -- 4. Positions: this transaction's xid, assigned here (its first write).
      v_base := pg_current_xact_id()::text::bigint << ${ORDINAL_BITS};
      v_now := clock_timestamp();
      -- 5. Chain and write.
      IF v_events = 1 THEN
        v_meta := CASE WHEN jsonb_typeof(p_metadata[1]) = 'object' AND p_metadata[1] ?| ARRAY['hash', 'previousHash']
                       THEN p_metadata[1] - 'hash' - 'previousHash' ELSE p_metadata[1] END;
        INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, previous_hash)
        VALUES (v_base, p_stream_ids[1], coalesce(v_rev, -1) + 1, p_event_ids[1], p_types[1], p_data[1], v_meta, v_now,
                es_event_hash(v_head, p_stream_ids[1], coalesce(v_rev, -1) + 1, p_event_ids[1], p_types[1], p_data[1], v_meta, v_base, v_now),
                v_head)
        ON CONFLICT (event_id) DO NOTHING;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;
        v_positions := ARRAY[v_base];
      ELSE
        v_hashes := '{}'; v_metadata := '{}'; v_positions := '{}';
        v_hash := v_head;
        FOR i IN 1 .. v_events LOOP
          v_meta := CASE WHEN jsonb_typeof(p_metadata[i]) = 'object' AND p_metadata[i] ?| ARRAY['hash', 'previousHash']
                         THEN p_metadata[i] - 'hash' - 'previousHash' ELSE p_metadata[i] END;
          v_metadata[i] := v_meta;
          v_hash := es_event_hash(v_hash, p_stream_ids[1], coalesce(v_rev, -1) + i, p_event_ids[i], p_types[i], p_data[i], v_meta, v_base + i - 1, v_now);
          v_hashes[i] := v_hash;
          v_positions[i] := v_base + i - 1;
        END LOOP;
        -- Several rows: a plain INSERT in a subtransaction costs less than ON CONFLICT's
        -- check of every row first. An id already stored undoes it (v_inserted stays 0).
        BEGIN
          INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, previous_hash)
          SELECT v_base + b.n - 1, p_stream_ids[1], coalesce(v_rev, -1) + b.n, b.event_id, b.type, b.data, b.metadata, v_now, b.hash,
                 CASE WHEN b.n = 1 THEN v_head ELSE v_hashes[b.n - 1] END
            FROM unnest(p_event_ids, p_types, p_data, v_metadata, v_hashes) WITH ORDINALITY AS b(event_id, type, data, metadata, hash, n);
          v_inserted := v_events;
        EXCEPTION WHEN unique_violation THEN
          GET STACKED DIAGNOSTICS v_text = CONSTRAINT_NAME;
          IF v_text IS DISTINCT FROM 'es_events_event_id_key' THEN
            RAISE;
          END IF;
        END;
      END IF;
      IF v_inserted = v_events THEN
        stream_id := p_stream_ids[1];
        next_expected_revision := coalesce(v_rev, -1) + v_inserted;
        positions := v_positions;
        RETURN NEXT;
      END IF;
    ELSE
      v_bad := 1;
    END IF;
    v_streams := 1;
    v_current := ARRAY[v_rev];
  ELSE
    -- The general path: several streams, or a transaction that wrote before, or bad arguments.
    v_streams := coalesce(cardinality(p_stream_ids), 0);
    v_events := coalesce(cardinality(p_event_ids), 0);
    IF v_streams = 0 OR v_events = 0 THEN
      RAISE EXCEPTION 'es_append: nothing to append' USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;
    IF v_events > ${MAX_EVENTS_PER_APPEND} THEN
      RAISE EXCEPTION 'es_append: % events in one append; the limit is ${MAX_EVENTS_PER_APPEND}', v_events
        USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;
    IF coalesce(cardinality(p_expected), 0) <> v_streams
       OR coalesce(cardinality(p_types), 0) <> v_events OR coalesce(cardinality(p_data), 0) <> v_events
       OR coalesce(cardinality(p_metadata), 0) <> v_events OR coalesce(cardinality(p_stream_index), 0) <> v_events THEN
      RAISE EXCEPTION 'es_append: argument arrays differ in length' USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;
    IF (SELECT count(DISTINCT s) FROM unnest(p_stream_ids) s WHERE s IS NOT NULL AND s <> '') <> v_streams THEN
      RAISE EXCEPTION 'es_append: stream ids must be distinct and non-empty' USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_stream_index) i WHERE i IS NULL OR i < 1 OR i > v_streams)
       OR (SELECT count(DISTINCT i) FROM unnest(p_stream_index) i) <> v_streams THEN
      RAISE EXCEPTION 'es_append: every stream needs events and every event a stream' USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;
    SELECT e INTO v_text FROM unnest(p_expected) e
     WHERE e IS NULL OR NOT (e IN ('any', 'no_stream', 'stream_exists') OR e ~ '^[0-9]{1,18}$') LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'es_append: bad expected revision %', coalesce(v_text, 'NULL') USING ERRCODE = '${SqlState.invalidAppend}';
    END IF;

    -- 1. The streams' locks, in key order (two multi-stream appends cannot deadlock).
    FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_stream_ids) s ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(v_key);
    END LOOP;

    -- 2. Each stream's revision and head hash: one backward index probe per stream.
    SELECT array_agg(h.revision ORDER BY s.n), array_agg(h.hash ORDER BY s.n), array_agg(coalesce(h.revision, -1) ORDER BY s.n)
      INTO v_current, v_heads, v_next
      FROM unnest(p_stream_ids) WITH ORDINALITY AS s(id, n)
      LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM es_events e WHERE e.stream_id = s.id ORDER BY e.revision DESC LIMIT 1) h ON true;

    -- 3. Expected revisions. A stream that is not where the caller expects may still be a
    --    retry: decided below, with nothing written.
    FOR i IN 1 .. v_streams LOOP
      IF NOT (p_expected[i] = 'any'
              OR (p_expected[i] = 'no_stream' AND v_current[i] IS NULL)
              OR (p_expected[i] = 'stream_exists' AND v_current[i] IS NOT NULL)
              OR (p_expected[i] ~ '^[0-9]+$' AND v_current[i] IS NOT DISTINCT FROM p_expected[i]::bigint)) THEN
        v_bad := i;
        EXIT;
      END IF;
    END LOOP;

    IF v_bad IS NULL THEN
      -- 4. Positions: this transaction's xid (assigned here if not before), after any events
      --    it already appended in an earlier call.
      v_base := pg_current_xact_id()::text::bigint << ${ORDINAL_BITS};
      IF v_wrote_before THEN
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_base
          FROM es_events e
         WHERE e.position >= v_base AND e.position < v_base + (1 << ${ORDINAL_BITS});
        IF v_base + v_events > ((pg_current_xact_id()::text::bigint + 1) << ${ORDINAL_BITS}) THEN
          RAISE EXCEPTION 'es_append: more than % events in one transaction', (1 << ${ORDINAL_BITS}) - 1
            USING ERRCODE = '${SqlState.invalidAppend}';
        END IF;
        SELECT s INTO v_moved FROM unnest(p_stream_ids) s
         WHERE (SELECT e.position FROM es_events e WHERE e.stream_id = s ORDER BY e.revision DESC LIMIT 1) >= v_base
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'es_append: stream % moved past this transaction''s positions', v_moved
            USING ERRCODE = '${SqlState.appendOutOfOrder}', DETAIL = json_build_object('streamId', v_moved)::text;
        END IF;
      END IF;

      -- 5. Chain the batch (revision and hash of each event, in argument order per stream)
      --    and write it with one INSERT. Ordinal = index in the call: positions follow
      --    argument order.
      v_now := clock_timestamp();
      v_revisions := '{}'; v_previous := '{}'; v_hashes := '{}'; v_metadata := '{}';
      FOR i IN 1 .. v_events LOOP
        v_si := p_stream_index[i];
        v_meta := CASE WHEN jsonb_typeof(p_metadata[i]) = 'object' AND p_metadata[i] ?| ARRAY['hash', 'previousHash']
                       THEN p_metadata[i] - 'hash' - 'previousHash' ELSE p_metadata[i] END;
        v_next[v_si] := v_next[v_si] + 1;
        v_hash := es_event_hash(v_heads[v_si], p_stream_ids[v_si], v_next[v_si], p_event_ids[i], p_types[i], p_data[i], v_meta, v_base + i - 1, v_now);
        v_revisions[i] := v_next[v_si];
        v_previous[i] := v_heads[v_si];
        v_hashes[i] := v_hash;
        v_metadata[i] := v_meta;
        v_heads[v_si] := v_hash;
      END LOOP;
      INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, previous_hash)
      SELECT v_base + b.n - 1, p_stream_ids[b.si], b.revision, b.event_id, b.type, b.data, b.metadata, v_now, b.hash, b.previous_hash
        FROM unnest(p_event_ids, p_types, p_data, v_metadata, p_stream_index, v_revisions, v_hashes, v_previous)
             WITH ORDINALITY AS b(event_id, type, data, metadata, si, revision, hash, previous_hash, n)
      ON CONFLICT (event_id) DO NOTHING;
      GET DIAGNOSTICS v_inserted = ROW_COUNT;

      IF v_inserted = v_events THEN
        RETURN QUERY
          SELECT p_stream_ids[u.si], v_next[u.si], array_agg(v_base + u.n - 1 ORDER BY u.n)
            FROM unnest(p_stream_index) WITH ORDINALITY AS u(si, n)
           GROUP BY u.si ORDER BY u.si;
      END IF;
    END IF;
  END IF;

  IF v_inserted = v_events THEN
    -- Delivered to listeners at commit, nothing on rollback: subscribers wake within milliseconds.
    IF p_notify THEN
      PERFORM pg_notify('es_events', '');
    END IF;
    RETURN;
  END IF;

  -- 6. Not written, or not all of it: the expected revision did not hold, or ids are already
  --    stored. Rows this call inserted (positions from v_base on) are not "already stored".
  WITH batch AS (
    SELECT b.event_id, b.si, row_number() OVER (PARTITION BY b.si ORDER BY b.n) AS k
      FROM unnest(p_event_ids, p_stream_index) WITH ORDINALITY AS b(event_id, si, n)
  )
  SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_ids[batch.si]),
         count(DISTINCT (batch.si, e.revision - batch.k))
    INTO v_found, v_in_place, v_runs
    FROM batch JOIN es_events e ON e.event_id = batch.event_id
   WHERE v_inserted = 0 OR e.position < v_base OR e.position >= v_base + v_events;
  IF v_found = v_events AND v_in_place = v_events AND v_runs = v_streams THEN
    -- The retry of an append whose COMMIT acknowledgement was lost: its original positions.
    RETURN QUERY
      SELECT p_stream_ids[b.si], v_current[b.si], array_agg(e.position ORDER BY b.n)
        FROM unnest(p_event_ids, p_stream_index) WITH ORDINALITY AS b(event_id, si, n)
        JOIN es_events e ON e.event_id = b.event_id
       GROUP BY b.si ORDER BY b.si;
    RETURN;
  END IF;
  IF v_found > 0 THEN
    RAISE EXCEPTION 'es_append: % of % event ids were already appended elsewhere or in another batch', v_found, v_events
      USING ERRCODE = '${SqlState.eventIdConflict}',
            DETAIL = json_build_object(
              'reason', CASE WHEN v_in_place = v_found AND v_found < v_events THEN 'partial_overlap' ELSE 'used_elsewhere' END,
              'eventIds', (SELECT json_agg(e.event_id) FROM es_events e
                            WHERE e.event_id = ANY (p_event_ids)
                              AND (v_inserted = 0 OR e.position < v_base OR e.position >= v_base + v_events)),
              'streamIds', (SELECT json_agg(DISTINCT e.stream_id) FROM es_events e
                             WHERE e.event_id = ANY (p_event_ids)
                               AND (v_inserted = 0 OR e.position < v_base OR e.position >= v_base + v_events)))::text;
  END IF;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'es_append: stream % expected %, actual %', p_stream_ids[v_bad], p_expected[v_bad], coalesce(v_current[v_bad]::text, 'no_stream')
      USING ERRCODE = '${SqlState.wrongExpectedVersion}',
            DETAIL = json_build_object('streamId', p_stream_ids[v_bad], 'expected', p_expected[v_bad], 'actual', v_current[v_bad])::text;
  END IF;
  -- Skipped rows whose ids are not stored: the same id twice in the batch.
  RAISE EXCEPTION 'es_append: an event id appears more than once in the batch' USING ERRCODE = '${SqlState.invalidAppend}';
END
$fn$;
`;

/**
 * Migration 5: es_append as above, and es_event_hash marked STABLE — what its body is
 * (jsonb_build_array and convert_to are stable) — so that PostgreSQL inlines it into the
 * expression that calls it instead of running a nested SQL function per event. Same bytes hashed.
 */
export const appendFastPathMigration = `
ALTER FUNCTION es_event_hash(bytea, text, bigint, uuid, text, jsonb, jsonb, bigint, timestamptz) STABLE;
${createAppendFunction}
`;
