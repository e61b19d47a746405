import { isUuid, type RecordedEvent } from '@oms/contracts';
import type { Queryable } from './db';
import { eventTime, orderIdOf } from './event-time';
import { timelineFactOf } from './timeline-entries';

/**
 * rm_timeline: append-only status history. An entry is applied once (event_id is unique), and
 * only a newly appended entry closes the one it replaces, so a replay changes nothing.
 */
export async function applyToTimeline(db: Queryable, event: RecordedEvent): Promise<void> {
  const fact = timelineFactOf(event);
  if (!fact) return;
  const orderId = orderIdOf(event);
  if (!isUuid(orderId) || !isUuid(event.eventId)) return;
  const at = eventTime(event);
  const { rows } = await db.query<{ seq: number }>(
    `INSERT INTO rm_timeline (order_id, seq, module, status_code, category, severity, payload, recorded_at, closed_at, event_id, position)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM rm_timeline WHERE order_id = $1
     ON CONFLICT (event_id) DO NOTHING
     RETURNING seq`,
    [
      orderId,
      fact.module,
      fact.statusCode,
      fact.category,
      fact.severity,
      JSON.stringify(fact.payload),
      at,
      fact.effect.kind === 'releases-hold' ? at : null,
      event.eventId,
      event.position.toString(),
    ],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) return;
  if (fact.effect.kind === 'replaces') {
    await db.query(
      `UPDATE rm_timeline SET closed_at = $4
       WHERE order_id = $1 AND module = $2 AND category <> 'hold' AND closed_at IS NULL AND seq < $3`,
      [orderId, fact.module, seq, at],
    );
  } else if (fact.effect.kind === 'releases-hold') {
    await db.query(
      `UPDATE rm_timeline SET closed_at = $3
       WHERE order_id = $1 AND category = 'hold' AND closed_at IS NULL AND payload->>'holdId' = $2 AND seq < $4`,
      [orderId, fact.effect.holdId, at, seq],
    );
  }
}
