import { randomUUID } from 'node:crypto';
import { assertValidAppends, MAX_EVENTS_PER_APPEND } from './append-validation';
import { InvalidAppend } from './errors';
import { hasContractMetadata, isNewEvent, metadataProblems, newEventProblems } from './metadata';

const valid = {
  orderId: 'order-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { type: 'service', id: 'finance' },
  occurredAt: '2026-03-01T10:00:00.000+01:00',
  schemaVersion: 2,
};

describe('contract metadata', () => {
  it('accepts the contract fields plus extensions', () => {
    expect(metadataProblems({ ...valid, hash: 'abc' })).toEqual([]);
    expect(hasContractMetadata(valid)).toBe(true);
  });

  it.each([
    ['orderId', { ...valid, orderId: '' }],
    ['correlationId', { ...valid, correlationId: undefined }],
    ['causationId', { ...valid, causationId: 3 }],
    ['actor', { ...valid, actor: 'finance' }],
    ['actor.type', { ...valid, actor: { type: 'robot', id: 'x' } }],
    ['actor.id', { ...valid, actor: { type: 'user', id: ' ' } }],
    ['occurredAt', { ...valid, occurredAt: '2026-03-01' }],
    ['occurredAt', { ...valid, occurredAt: '2026-02-31T10:00:00Z ' }],
    ['schemaVersion', { ...valid, schemaVersion: 1.5 }],
    ['schemaVersion', { ...valid, schemaVersion: '1' }],
  ])('names a bad %s', (field, metadata) => {
    expect(metadataProblems(metadata).join(' ')).toContain(`metadata.${field}`);
  });

  it('says metadata is missing rather than listing every field', () => {
    expect(metadataProblems(undefined)).toEqual(['metadata is missing (every event carries the contract metadata)']);
  });

  it('requires a UUID event id, a type and data', () => {
    expect(newEventProblems({ eventId: 'x', type: '', metadata: valid })).toHaveLength(3);
    expect(isNewEvent({ eventId: randomUUID(), type: 'T', data: null, metadata: valid })).toBe(true);
  });
});

describe('append validation', () => {
  const event = () => ({ eventId: randomUUID(), type: 'T', data: {}, metadata: valid as never });

  it('collects every problem of a call in one InvalidAppend', () => {
    const error = (() => {
      try {
        assertValidAppends([
          { streamId: '', events: [event()], expected: -1 },
          { streamId: 's', events: [] },
        ]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidAppend);
    expect((error as InvalidAppend).problems).toHaveLength(3);
  });

  it('caps the events of one call', () => {
    const events = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, event);
    expect(() => assertValidAppends([{ streamId: 's', events }])).toThrow(InvalidAppend);
    expect(() => assertValidAppends([{ streamId: 's', events: events.slice(1) }])).not.toThrow();
  });

  it('treats event ids case-insensitively when looking for duplicates', () => {
    const id = randomUUID();
    expect(() => assertValidAppends([{ streamId: 's', events: [{ ...event(), eventId: id }, { ...event(), eventId: id.toUpperCase() }] }])).toThrow(
      /appears twice/,
    );
  });
});
