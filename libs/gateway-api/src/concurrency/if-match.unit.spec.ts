import { DomainError } from '@oms/contracts';
import { etagOf, expectedVersionFrom } from './if-match';

describe('If-Match → expected version', () => {
  it.each([
    ['"7"', 7],
    ['"0"', 0],
    ['7', 7],
    [' "12" ', 12],
    ['"000123"', 123],
  ])('%s → %i', (header, version) => expect(expectedVersionFrom(header)).toBe(version));

  it('means "any version" when absent or *', () => {
    expect(expectedVersionFrom(undefined)).toBeUndefined();
    expect(expectedVersionFrom('*')).toBeUndefined();
  });

  it.each(['', 'W/"7"', '"7", "8"', '"-1"', '"7', 'seven', '"1.5"', '"9999999999999999"', '7 8'])('refuses %p as VALIDATION_FAILED', (header) => {
    let thrown: unknown;
    try {
      expectedVersionFrom(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('VALIDATION_FAILED');
    expect((thrown as DomainError).errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);
  });

  it('refuses a repeated header (several values)', () => expect(() => expectedVersionFrom(['"1"', '"2"'])).toThrow(DomainError));

  it('round-trips the ETag it emits', () => expect(expectedVersionFrom(etagOf(42))).toBe(42));
});
