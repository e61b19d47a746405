import type { FieldError } from '@oms/contracts';
import type { ValidationError } from 'class-validator';

const MAX_FIELD_ERRORS = 100;

/** `lines` + `0` → `lines[0]`, `lines[0]` + `quantity` → `lines[0].quantity`. */
export function fieldPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator's error tree → one flat `{ field, message }` per broken rule, nested paths spelled out. */
export function fieldErrorsOf(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const found: FieldError[] = [];
  // Depth first, in the order of the request's fields; a stack, so no tree is too deep.
  const pending: Array<{ error: ValidationError; parent: string }> = errors.map((error) => ({ error, parent: prefix })).reverse();
  while (pending.length > 0 && found.length < MAX_FIELD_ERRORS) {
    const { error, parent } = pending.pop()!;
    const field = fieldPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) found.push({ field, message: message.replace(/^property /, '') });
    for (const child of [...(error.children ?? [])].reverse()) pending.push({ error: child, parent: field });
  }
  return found.slice(0, MAX_FIELD_ERRORS);
}
