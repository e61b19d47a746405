import { applyDecorators } from '@nestjs/common';
import { IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';

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
