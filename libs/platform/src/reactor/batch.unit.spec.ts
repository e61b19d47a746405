import { derivedId, type RecordedEvent } from '@oms/contracts';
import { eventsAfter } from './batch';
import { reactionContext, reactionEventId, serviceActor } from './reaction';

const recorded = (position: bigint): RecordedEvent => ({
  eventId: derivedId('event', String(position)),
  type: 'OrderConfirmed',
  data: { orderId: 'o-1' },
  metadata: { orderId: 'o-1', correlationId: 'corr-1', causationId: 'cmd-1', actor: { type: 'user', id: 'k' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  streamId: 'order-o-1',
  revision: 0,
  position,
  recordedAt: new Date(0),
});

describe('reactor helpers', () => {
  it('skips what the checkpoint already covers', () => {
    const batch = [recorded(10n), recorded(20n), recorded(30n)];
    expect(eventsAfter(batch, 0n)).toEqual(batch);
    expect(eventsAfter(batch, 20n).map((e) => e.position)).toEqual([30n]);
    expect(eventsAfter(batch, 30n)).toEqual([]);
  });

  it('derives reaction ids from the cause, the purpose and the index', () => {
    const cause = recorded(10n);
    const ids = reactionEventId(cause, 'finance');
    expect(ids(0)).toBe(reactionEventId(cause, 'finance')(0));
    expect(ids(0)).not.toBe(ids(1));
    expect(ids(0)).not.toBe(reactionEventId(cause, 'logistics')(0));
    expect(ids(0)).not.toBe(reactionEventId(recorded(11n), 'finance')(0));
  });

  it('carries order and correlation over, caused by the event itself', () => {
    const cause = recorded(10n);
    expect(reactionContext(cause, serviceActor('finance'))).toEqual({
      orderId: 'o-1',
      correlationId: 'corr-1',
      causationId: cause.eventId,
      actor: { type: 'service', id: 'finance', role: 'service' },
    });
  });
});
