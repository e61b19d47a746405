import { isUuid, type RecordedEvent } from '@oms/contracts';
import type { Queryable } from './db';
import { eventTime, orderIdOf } from './event-time';
import { timelineFactOf, type TimelineFact } from './timeline-entries';

interface NewEntry {
  order_id: string;
  seq: number;
  module: string;
  status_code: string;
  category: string;
  severity: string;
  payload: Record<string, unknown>;
  recorded_at: string;
  closed_at: string | null;
  event_id: string;
  position: string;
}

/** An entry still open: one already stored (closing it is an update) or one of this batch. */
interface OpenEntry {
  seq: number;
  module: string;
  category: string;
  holdId: string | null;
  fresh?: NewEntry;
}

/** Which open entries a new fact closes. */
function closes(fact: TimelineFact, open: OpenEntry): boolean {
  switch (fact.effect.kind) {
    case 'replaces':
      return open.module === fact.module && open.category !== 'hold';
    case 'releases-hold':
      return open.category === 'hold' && open.holdId === fact.effect.holdId;
    case 'opens-hold':
      return false;
  }
}

/**
 * rm_timeline: append-only status history. An entry is appended once (its event id is unique,
 * and ids already stored are skipped), and only an appended entry closes the ones it replaces,
 * so a replay changes nothing. The batch is worked out in memory from the orders' open entries
 * and written with one insert and one update.
 */
export async function projectTimeline(db: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  const candidates: { event: RecordedEvent; fact: TimelineFact; orderId: string }[] = [];
  for (const event of events) {
    const fact = timelineFactOf(event);
    const orderId = orderIdOf(event);
    if (fact && isUuid(orderId) && isUuid(event.eventId)) candidates.push({ event, fact, orderId });
  }
  if (candidates.length === 0) return;

  const { rows: stored } = await db.query<{ event_id: string }>('SELECT event_id FROM rm_timeline WHERE event_id = ANY($1::uuid[])', [
    candidates.map(({ event }) => event.eventId),
  ]);
  const seen = new Set(stored.map((row) => row.event_id.toLowerCase()));
  const fresh = candidates.filter(({ event }) => {
    const id = event.eventId.toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (fresh.length === 0) return;

  const orderIds = [...new Set(fresh.map(({ orderId }) => orderId))];
  // Per order, one probe of each index (the last seq from the primary key, the open entries from
  // the partial index), whatever the table's statistics say: a fresh or growing rm_timeline
  // that has not been analysed yet must not be read by a sequential scan.
  const { rows: orderRows } = await db.query<{ last_seq: number | null; open: { seq: number; module: string; category: string; holdId: string | null }[] }>(
    `SELECT
            (SELECT t.seq FROM rm_timeline t WHERE t.order_id = o.id ORDER BY t.seq DESC LIMIT 1) AS last_seq,
            (SELECT coalesce(json_agg(json_build_object('seq', t.seq, 'module', t.module, 'category', t.category, 'holdId', t.payload->>'holdId') ORDER BY t.seq), '[]')
               FROM rm_timeline t WHERE t.order_id = o.id AND t.closed_at IS NULL) AS open
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n) ORDER BY o.n`,
    [orderIds],
  );
  // Rows in the order of orderIds: keyed by the ids as the events spell them.
  const lastSeq = new Map<string, number>();
  const open = new Map<string, OpenEntry[]>();
  orderRows.forEach((row, index) => {
    if (row.last_seq !== null) lastSeq.set(orderIds[index], row.last_seq);
    open.set(orderIds[index], row.open);
  });

  const inserts: NewEntry[] = [];
  const closings: { order_id: string; seq: number; closed_at: string }[] = [];
  for (const { event, fact, orderId } of fresh) {
    const at = eventTime(event);
    const entry: NewEntry = {
      order_id: orderId,
      seq: (lastSeq.get(orderId) ?? 0) + 1,
      module: fact.module,
      status_code: fact.statusCode,
      category: fact.category,
      severity: fact.severity,
      payload: fact.payload,
      recorded_at: at,
      // A release is a moment, not a state: closed as it happens.
      closed_at: fact.effect.kind === 'releases-hold' ? at : null,
      event_id: event.eventId,
      position: event.position.toString(),
    };
    lastSeq.set(orderId, entry.seq);
    inserts.push(entry);
    const entries = open.get(orderId) as OpenEntry[];
    const stillOpen: OpenEntry[] = [];
    for (const candidate of entries) {
      if (!closes(fact, candidate)) stillOpen.push(candidate);
      else if (candidate.fresh) candidate.fresh.closed_at = at;
      else closings.push({ order_id: orderId, seq: candidate.seq, closed_at: at });
    }
    if (entry.closed_at === null) {
      const holdId = typeof fact.payload.holdId === 'string' ? fact.payload.holdId : null;
      stillOpen.push({ seq: entry.seq, module: entry.module, category: entry.category, holdId, fresh: entry });
    }
    open.set(orderId, stillOpen);
  }

  await db.query(
    `INSERT INTO rm_timeline (order_id, seq, module, status_code, category, severity, payload, recorded_at, closed_at, event_id, position)
     SELECT order_id, seq, module, status_code, category, severity, payload, recorded_at, closed_at, event_id, position
     FROM jsonb_to_recordset($1::jsonb) AS r(order_id uuid, seq integer, module text, status_code text, category text, severity text,
       payload jsonb, recorded_at timestamptz, closed_at timestamptz, event_id uuid, position bigint)
     ORDER BY order_id, seq`,
    [JSON.stringify(inserts)],
  );
  if (closings.length > 0) {
    // unnest over arrays, not jsonb_to_recordset: the planner counts an array argument's
    // elements, but assumes 100 rows for any recordset, and for 100 rows a hash join over a
    // sequential scan of a young rm_timeline looked cheaper than 100 primary-key probes (seen
    // in the e2e bench: ~300 blocks and ~10 ms per call to close one or two entries).
    await db.query(
      `UPDATE rm_timeline t SET closed_at = c.closed_at
       FROM unnest($1::uuid[], $2::integer[], $3::timestamptz[]) AS c(order_id, seq, closed_at)
       WHERE t.order_id = c.order_id AND t.seq = c.seq AND t.closed_at IS NULL`,
      [closings.map((c) => c.order_id), closings.map((c) => c.seq), closings.map((c) => c.closed_at)],
    );
  }
}

export function applyToTimeline(db: Queryable, event: RecordedEvent): Promise<void> {
  return projectTimeline(db, [event]);
}
