import { parseDuration } from './duration';

describe('reading a duration setting such as PAYMENT_TIMEOUT', () => {
  it.each([
    ['500ms', 500],
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [' 30m\n', 1_800_000],
  ])('%j is %d ms', (text, millis) => expect(parseDuration(text)).toBe(millis));

  it.each(['', '30', 'm', '30 m', '30M', '1.5h', '-5m', '+5m', '0s', '0ms', '5w', '30mins', 'ms30', '1h30m', '99999999999999999d', 'NaN'])('refuses %j', (text) =>
    expect(() => parseDuration(text)).toThrow(RangeError));
});
