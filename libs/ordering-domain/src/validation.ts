import { DomainError, type FieldError } from '@oms/contracts';

/**
 * Commands reach the decider from JSON, so every field is checked as `unknown`: no input,
 * however malformed, may become a TypeError (a 500) instead of a VALIDATION_FAILED (a 400).
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required, non-blank string of at most `maxLength` characters. */
export function textProblem(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return 'is required and must be a string';
  if (value.trim() === '') return 'must not be blank';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  return undefined;
}

/** An optional string of at most `maxLength` characters. */
export function optionalTextProblem(value: unknown, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  return undefined;
}

export function oneOfProblem(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string' && allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
}

/** Collects per-field problems and throws them together, so a client fixes a form in one go. */
export class FieldProblems {
  private readonly found: FieldError[] = [];

  check(field: string, message: string | undefined): this {
    if (message !== undefined) this.found.push({ field, message });
    return this;
  }

  addAll(errors: readonly FieldError[]): this {
    this.found.push(...errors);
    return this;
  }

  get list(): readonly FieldError[] {
    return this.found;
  }

  throwIfAny(what: string): void {
    if (this.found.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `${what}: ${this.found.map((error) => `${error.field} ${error.message}`).join('; ')}`, [...this.found]);
    }
  }
}
