import { DomainError } from '@oms/contracts';
import { formatOrderNumber, isOrderNumber, parseOrderNumber } from './order-number';

describe('order numbers', () => {
  it('pads the sequence to six digits', () => expect(formatOrderNumber(2026, 42)).toBe('ORD-2026-000042'));
  it('uses all six digits', () => expect(formatOrderNumber(2026, 999_999)).toBe('ORD-2026-999999'));
  it('grows past six digits rather than wrapping', () => expect(formatOrderNumber(2026, 1_000_000)).toBe('ORD-2026-1000000'));

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [2026, Number.MAX_SAFE_INTEGER + 1],
    [999, 1],
    [10_000, 1],
    [2026.5, 1],
  ])('refuses year %p sequence %p', (year, sequence) => expect(() => formatOrderNumber(year, sequence)).toThrow(DomainError));

  it('reads back what it writes', () => {
    for (const [year, sequence] of [[2026, 1], [2027, 42], [2030, 999_999], [2031, 123_456_789]]) {
      expect(parseOrderNumber(formatOrderNumber(year, sequence))).toEqual({ year, sequence });
    }
  });

  it.each(['ORD-2026-00042', 'ORD-2026-0000042', 'ORD-2026-000000', 'ord-2026-000042', 'ORD-26-000042', 'ORD-2026-000042 ', 'ORD-0999-000001', 'ORD-2026-00004a', '', 'ORD-2026-'])(
    'refuses %j',
    (text) => expect(isOrderNumber(text)).toBe(false),
  );

  it('refuses what is not a string', () => {
    expect(isOrderNumber(42)).toBe(false);
    expect(parseOrderNumber(undefined)).toBeUndefined();
  });

  it('accepts a canonical number', () => expect(isOrderNumber('ORD-2026-000042')).toBe(true));
});
