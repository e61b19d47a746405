const unitMillis = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationPattern = /^(\d+)(ms|s|m|h|d)$/;

/**
 * A duration setting such as PAYMENT_TIMEOUT (`500ms`, `45s`, `30m`, `2h`, `1d`) in
 * milliseconds. A whole positive number and one lower-case unit; anything else throws, so a
 * typo stops the service at start-up instead of cancelling orders at once or never.
 */
export function parseDuration(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new RangeError(`invalid duration ${JSON.stringify(text)}: expected a whole number and a unit (ms, s, m, h, d), e.g. 30m`);
  const millis = Number(match[1]) * unitMillis[match[2] as keyof typeof unitMillis];
  if (millis <= 0 || !Number.isSafeInteger(millis)) throw new RangeError(`invalid duration ${JSON.stringify(text)}: must be positive and finite`);
  return millis;
}
