/**
 * ISO 8601 UTC instants (CONTRACT §2) to and from milliseconds since the epoch, by calendar
 * arithmetic (proleptic Gregorian, H. Hinnant's days-from-civil), because a decider may not
 * touch the `Date` global: time is an input, and this reads no clock.
 */
const MS_PER_DAY = 86_400_000;
const isoUtc = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];

/** `2026-03-01T10:00:00.000Z` → milliseconds since 1970-01-01T00:00:00Z; anything else throws. */
export function epochMillis(instant: string): number {
  const match = isoUtc.exec(instant);
  if (!match) throw new RangeError(`not an ISO 8601 UTC instant: ${JSON.stringify(instant)}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not a valid instant: ${JSON.stringify(instant)}`);
  }
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Milliseconds since the epoch → `YYYY-MM-DDTHH:mm:ss.sssZ`, as `toISOString` writes it. */
export function isoInstant(millis: number): string {
  if (!Number.isSafeInteger(millis)) throw new RangeError(`not a whole number of milliseconds: ${millis}`);
  const days = Math.floor(millis / MS_PER_DAY);
  const [year, month, day] = civilFromDays(days);
  if (year < 0 || year > 9999) throw new RangeError(`instant out of range: ${millis}`);
  const msOfDay = millis - days * MS_PER_DAY;
  const [hour, minute, second, ms] = [Math.floor(msOfDay / 3_600_000), Math.floor(msOfDay / 60_000) % 60, Math.floor(msOfDay / 1000) % 60, msOfDay % 1000];
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}Z`;
}
