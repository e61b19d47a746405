import { applyDecorators } from '@nestjs/common';
import { IsInt, IsISO8601, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';

/**
 * Reusable rules for DTO fields. `@OptionalField()` lets a field be absent but not `null`:
 * JSON `null` is a value the services do not accept, so it is refused here with a clear error.
 */
export const OptionalField = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** A non-blank string of `min..max` characters. */
export const TextField = (min: number, max: number) =>
  applyDecorators(IsString(), Length(min, max), Matches(/\S/, { message: '$property must not be blank' }));

/** An integer amount in minor units: never a float, never negative, exactly representable. */
export const MinorUnitsField = () => applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

/** Three upper-case letters; the ordering service checks it is a real ISO 4217 code. */
export const CurrencyField = () => applyDecorators(IsString(), Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code of three upper-case letters' }));

/**
 * An ISO 8601 instant: a date (midnight UTC), or a date-time with `Z` or an offset. A
 * date-time without a zone is refused: it would be read in the server's time zone.
 */
export const InstantField = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}(T[^Zz+-]+(\.\d+)?([Zz]|[+-]\d{2}:?\d{2}))?$/, { message: '$property must be a date or a date-time with Z or an offset' }),
  );
