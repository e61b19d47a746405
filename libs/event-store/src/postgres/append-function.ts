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
 * INSERT as before. `hash`/`previousHash` keys a caller put in the metadata are dropped: those
 * are the store's to say. recorded_at is the clock after the stream locks, so that it grows
 * with the revision within a stream (the as-of reads rely on it); the whole append shares it.
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
  v_streams   int := coalesce(cardinality(p_stream_ids), 0);
  v_events    int := coalesce(cardinality(p_event_ids), 0);
  -- Read before anything else: did the caller's transaction write before calling us?
  v_wrote_before boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
  v_key       bigint;
  v_current   bigint[];
  v_found     int;
  v_in_place  int;
  v_runs      int;
  v_xid       bigint;
  v_base      bigint;
  v_moved     text;
  v_bad       text;
  v_heads     bytea[];
  v_next_rev  bigint[];
  v_revisions bigint[] := '{}';
  v_previous  bytea[] := '{}';
  v_hashes    bytea[] := '{}';
  v_metadata  jsonb[] := '{}';
  v_meta      jsonb;
  v_si        int;
  v_now       timestamptz;
BEGIN
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
  SELECT e INTO v_bad FROM unnest(p_expected) e
   WHERE e IS NULL OR NOT (e IN ('any', 'no_stream', 'stream_exists') OR e ~ '^[0-9]{1,18}$') LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'es_append: bad expected revision %', coalesce(v_bad, 'NULL') USING ERRCODE = '${SqlState.invalidAppend}';
  END IF;

  -- 1. Serialize writers per stream before the first write (see above). Nothing above wrote.
  FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_stream_ids) s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;

  -- 2. Each stream's revision and head hash, read after the lock (a READ COMMITTED statement
  --    snapshot sees the commit of whoever held it before us): one backward probe of the
  --    (stream_id, revision) index per stream.
  SELECT array_agg(h.revision ORDER BY s.n), array_agg(h.hash ORDER BY s.n)
    INTO v_current, v_heads
    FROM unnest(p_stream_ids) WITH ORDINALITY AS s(id, n)
    LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM es_events e WHERE e.stream_id = s.id ORDER BY e.revision DESC LIMIT 1) h ON true;

  -- 3. Idempotency: a batch whose ids are all already in their streams, consecutively and in
  --    order, is the retry of an append whose COMMIT acknowledgement was lost. Anything in
  --    between is a conflict, never a silent partial write.
  WITH batch AS (
    SELECT b.event_id, b.si, row_number() OVER (PARTITION BY b.si ORDER BY b.n) AS k
      FROM unnest(p_event_ids, p_stream_index) WITH ORDINALITY AS b(event_id, si, n)
  )
  SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_ids[batch.si]),
         count(DISTINCT (batch.si, e.revision - batch.k))
    INTO v_found, v_in_place, v_runs
    FROM batch JOIN es_events e ON e.event_id = batch.event_id;
  IF v_found > 0 THEN
    IF v_found = v_events AND v_in_place = v_events AND v_runs = v_streams THEN
      RETURN QUERY
        SELECT p_stream_ids[b.si], v_current[b.si], array_agg(e.position ORDER BY b.n)
          FROM unnest(p_event_ids, p_stream_index) WITH ORDINALITY AS b(event_id, si, n)
          JOIN es_events e ON e.event_id = b.event_id
         GROUP BY b.si ORDER BY b.si;
      RETURN;
    END IF;
    RAISE EXCEPTION 'es_append: % of % event ids were already appended elsewhere or in another batch', v_found, v_events
      USING ERRCODE = '${SqlState.eventIdConflict}',
            DETAIL = json_build_object(
              'reason', CASE WHEN v_in_place = v_found AND v_found < v_events THEN 'partial_overlap' ELSE 'used_elsewhere' END,
              'eventIds', (SELECT json_agg(e.event_id) FROM es_events e WHERE e.event_id = ANY (p_event_ids)))::text;
  END IF;

  -- 4. Expected revisions, checked in SQL under the lock.
  FOR i IN 1 .. v_streams LOOP
    IF NOT (p_expected[i] = 'any'
            OR (p_expected[i] = 'no_stream' AND v_current[i] IS NULL)
            OR (p_expected[i] = 'stream_exists' AND v_current[i] IS NOT NULL)
            OR (p_expected[i] ~ '^[0-9]+$' AND v_current[i] IS NOT DISTINCT FROM p_expected[i]::bigint)) THEN
      RAISE EXCEPTION 'es_append: stream % expected %, actual %', p_stream_ids[i], p_expected[i], coalesce(v_current[i]::text, 'no_stream')
        USING ERRCODE = '${SqlState.wrongExpectedVersion}',
              DETAIL = json_build_object('streamId', p_stream_ids[i], 'expected', p_expected[i], 'actual', v_current[i])::text;
    END IF;
  END LOOP;

  -- 5. Positions: this transaction's xid (assigned here if not before), after any events it
  --    already appended in an earlier call.
  v_xid := pg_current_xact_id()::text::bigint;
  SELECT coalesce(max(e.position) + 1, v_xid << ${ORDINAL_BITS}) INTO v_base
    FROM es_events e
   WHERE e.position >= v_xid << ${ORDINAL_BITS} AND e.position < (v_xid + 1) << ${ORDINAL_BITS};
  IF v_base + v_events > (v_xid + 1) << ${ORDINAL_BITS} THEN
    RAISE EXCEPTION 'es_append: more than % events in one transaction', (1 << ${ORDINAL_BITS}) - 1
      USING ERRCODE = '${SqlState.invalidAppend}';
  END IF;
  IF v_wrote_before THEN
    SELECT s INTO v_moved FROM unnest(p_stream_ids) s
     WHERE (SELECT e.position FROM es_events e WHERE e.stream_id = s ORDER BY e.revision DESC LIMIT 1) >= v_base
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'es_append: stream % moved past this transaction''s positions', v_moved
        USING ERRCODE = '${SqlState.appendOutOfOrder}', DETAIL = json_build_object('streamId', v_moved)::text;
    END IF;
  END IF;

  -- 6. Chain the batch: revision and hash of each event, in argument order per stream.
  v_now := clock_timestamp();
  v_next_rev := array_fill(NULL::bigint, ARRAY[v_streams]);
  FOR i IN 1 .. v_streams LOOP
    v_next_rev[i] := coalesce(v_current[i], -1);
  END LOOP;
  FOR i IN 1 .. v_events LOOP
    v_si := p_stream_index[i];
    v_next_rev[v_si] := v_next_rev[v_si] + 1;
    v_meta := CASE WHEN jsonb_typeof(p_metadata[i]) = 'object' THEN p_metadata[i] - 'hash' - 'previousHash' ELSE p_metadata[i] END;
    v_revisions[i] := v_next_rev[v_si];
    v_previous[i] := v_heads[v_si];
    v_metadata[i] := v_meta;
    v_hashes[i] := es_event_hash(v_heads[v_si], p_stream_ids[v_si], v_next_rev[v_si], p_event_ids[i], p_types[i], p_data[i], v_meta, v_base + i - 1, v_now);
    v_heads[v_si] := v_hashes[i];
  END LOOP;

  -- 7. One INSERT: ordinal = index in the call, so positions follow argument order.
  INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, previous_hash)
  SELECT v_base + b.n - 1, p_stream_ids[b.si], b.revision, b.event_id, b.type, b.data, b.metadata, v_now, b.hash, b.previous_hash
    FROM unnest(p_event_ids, p_types, p_data, v_metadata, p_stream_index, v_revisions, v_hashes, v_previous)
         WITH ORDINALITY AS b(event_id, type, data, metadata, si, revision, hash, previous_hash, n);

  -- Delivered to listeners at commit, nothing on rollback: subscribers wake within milliseconds.
  IF p_notify THEN
    PERFORM pg_notify('es_events', '');
  END IF;

  RETURN QUERY
    SELECT p_stream_ids[u.si], coalesce(v_current[u.si], -1) + count(*), array_agg(v_base + u.n - 1 ORDER BY u.n)
      FROM unnest(p_stream_index) WITH ORDINALITY AS u(si, n)
     GROUP BY u.si ORDER BY u.si;
END
$fn$;
`;
