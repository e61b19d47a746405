const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `45s`, `2h`, `500ms`, `1d` → milliseconds; anything else is a configuration error. */
export function parseDurationSetting(name: string, value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new ConfigError(`${name}=${JSON.stringify(value)} is not a duration such as 500ms, 45s, 30m, 2h or 1d`);
  const ms = Number(match[1]) * units[match[2]];
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new ConfigError(`${name}=${value} is out of range`);
  return ms;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
