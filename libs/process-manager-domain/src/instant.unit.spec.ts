import { epochMillis, isoInstant } from './instant';

describe('instants without a clock', () => {
  // The test may use Date (the rule is for deciders): it is the reference the arithmetic must match.
  const references = [
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00.000Z',
    '1900-02-28T12:00:00.000Z',
    '1900-03-01T00:00:00.000Z',
    '2000-02-29T23:59:59.999Z',
    '2000-03-01T00:00:00.000Z',
    '2024-02-29T08:30:00.123Z',
    '2026-03-01T10:00:00.000Z',
    '2100-02-28T00:00:00.000Z',
    '2100-03-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
  ];

  it.each(references)('reads and writes %s as Date does', (iso) => {
    expect(epochMillis(iso)).toBe(Date.parse(iso));
    expect(isoInstant(Date.parse(iso))).toBe(iso);
  });

  it('agrees with Date on every day across four centuries, at odd times of day', () => {
    const start = Date.parse('1890-01-01T00:00:00.000Z');
    for (let day = 0; day < 146_097; day += 1) {
      const millis = start + day * 86_400_000 + ((day * 7919) % 86_400_000);
      const iso = new Date(millis).toISOString();
      if (isoInstant(millis) !== iso || epochMillis(iso) !== millis) throw new Error(`disagrees on ${iso}`);
    }
  });

  it('reads second and sub-millisecond precision, truncating below the millisecond', () => {
    expect(epochMillis('2026-03-01T10:00:00Z')).toBe(Date.parse('2026-03-01T10:00:00.000Z'));
    expect(epochMillis('2026-03-01T10:00:00.5Z')).toBe(Date.parse('2026-03-01T10:00:00.500Z'));
    expect(epochMillis('2026-03-01T10:00:00.123999Z')).toBe(Date.parse('2026-03-01T10:00:00.123Z'));
  });

  it.each([
    '',
    'yesterday',
    '2026-03-01',
    '2026-03-01 10:00:00Z',
    '2026-03-01T10:00:00',
    '2026-03-01T10:00:00+02:00',
    '2026-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-01T10:00:00Z',
    '2026-03-00T10:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60:00Z',
    '2026-03-01T10:00:60Z',
  ])('refuses %j', (text) => expect(() => epochMillis(text)).toThrow(RangeError));

  it.each([1.5, Number.NaN, Date.parse('9999-12-31T23:59:59.999Z') + 1])('refuses to write %s', (millis) => expect(() => isoInstant(millis)).toThrow(RangeError));
});
