import type { RecordedEvent } from '@oms/contracts';
import { metadata } from '../contract/fixtures';
import { UpcasterRegistry, type Upcaster } from './upcaster-registry';
import { currentSchemaVersion, orderCancelledBlankNote, upcast } from './upcasting';

function recorded(type: string, data: unknown, schemaVersion: number): RecordedEvent {
  return {
    eventId: '0195f3c2-0000-7000-8000-000000000001',
    type,
    data,
    metadata: metadata({ schemaVersion }),
    streamId: 'order-1',
    revision: 3,
    position: 42n,
    recordedAt: new Date('2026-03-01T10:00:00Z'),
  };
}

const cancelled = (extra: Record<string, unknown>) => ({
  orderId: 'o-1',
  reason: 'CUSTOMER_REQUEST',
  previousStatus: 'pending',
  requestedAt: '2026-03-01T10:00:00.000Z',
  cancelledAt: '2026-03-01T10:00:00.000Z',
  ...extra,
});

describe('upcasting on read', () => {
  describe('OrderCancelled v1 → v2 (a blank note is no note)', () => {
    it('is at version 2 for writers; every other type is at version 1', () => {
      expect(currentSchemaVersion('OrderCancelled')).toBe(2);
      expect(currentSchemaVersion('OrderPlaced')).toBe(1);
      expect(currentSchemaVersion('SomethingNew')).toBe(1);
    });

    it.each([[''], ['   '], ['\n\t']])('drops the blank note %p of a v1 event and marks the event upcast', (note) => {
      const event = upcast(recorded('OrderCancelled', cancelled({ note }), 1));
      expect(event.data).toEqual(cancelled({}));
      expect(event.data).not.toHaveProperty('note');
      expect(event.metadata).toMatchObject({ schemaVersion: 1, upcastedTo: 2 });
    });

    it('keeps a v1 note with text, and a v1 event without a note, as they are (still marked)', () => {
      expect(upcast(recorded('OrderCancelled', cancelled({ note: 'changed my mind' }), 1)).data).toEqual(cancelled({ note: 'changed my mind' }));
      const withoutNote = upcast(recorded('OrderCancelled', cancelled({}), 1));
      expect(withoutNote.data).toEqual(cancelled({}));
      expect(withoutNote.metadata.upcastedTo).toBe(2);
    });

    it('leaves a v2 event untouched: the very same object', () => {
      const v2 = recorded('OrderCancelled', cancelled({ note: 'x' }), 2);
      expect(upcast(v2)).toBe(v2);
    });

    it('is idempotent: an event read twice is upcast once', () => {
      const once = upcast(recorded('OrderCancelled', cancelled({ note: '' }), 1));
      expect(upcast(once)).toBe(once);
    });

    it('does not change the event it was given', () => {
      const v1 = recorded('OrderCancelled', cancelled({ note: '' }), 1);
      upcast(v1);
      expect(v1.data).toEqual(cancelled({ note: '' }));
      expect(v1.metadata).not.toHaveProperty('upcastedTo');
    });

    it('passes data that is not an object through', () => {
      expect(orderCancelledBlankNote.upcast(null, recorded('OrderCancelled', null, 1))).toBeNull();
    });
  });

  describe('UpcasterRegistry', () => {
    const step = (fromVersion: number, field: string): Upcaster => ({
      type: 'ThingHappened',
      fromVersion,
      change: `adds ${field}`,
      upcast: (data) => ({ ...(data as object), [field]: fromVersion }),
    });

    it('runs every step from the recorded version to the current one, in order', () => {
      const registry = new UpcasterRegistry([step(2, 'b'), step(1, 'a')]);
      expect(registry.currentVersion('ThingHappened')).toBe(3);
      expect(registry.upcast(recorded('ThingHappened', {}, 1)).data).toEqual({ a: 1, b: 2 });
      expect(registry.upcast(recorded('ThingHappened', { a: 'kept' }, 2)).data).toEqual({ a: 'kept', b: 2 });
      expect(registry.upcast(recorded('ThingHappened', {}, 1)).metadata.upcastedTo).toBe(3);
    });

    it('leaves events of a newer version than it knows alone (written by a newer release)', () => {
      const registry = new UpcasterRegistry([step(1, 'a')]);
      const newer = recorded('ThingHappened', { z: 1 }, 5);
      expect(registry.upcast(newer)).toBe(newer);
    });

    it('refuses a chain with a gap or a duplicate', () => {
      expect(() => new UpcasterRegistry([step(1, 'a'), step(3, 'c')])).toThrow(/from version 2/);
      expect(() => new UpcasterRegistry([step(1, 'a'), step(1, 'b')])).toThrow(/from version 2/);
    });
  });
});
