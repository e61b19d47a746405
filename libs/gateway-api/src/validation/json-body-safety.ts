import type { FieldError } from '@oms/contracts';
import { fieldPath } from './field-errors';

/** Far deeper than any request body of the API (order → lines → line → field). */
export const MAX_BODY_DEPTH = 8;
const MAX_PROBLEMS = 20;
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Problems of a parsed JSON body that must be refused before any other code walks it: a
 * top-level non-object, keys that would reach an object's prototype, and nesting deep
 * enough to overflow a recursive walk. Iterative, so no input can overflow this check.
 */
export function jsonBodyProblems(body: unknown): FieldError[] {
  if (body === undefined) return [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  const problems: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 1 }];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH) {
      problems.push({ field: path, message: `is nested deeper than ${MAX_BODY_DEPTH} levels` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const childPath = Array.isArray(value) ? fieldPath(path, key) : path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && forbiddenKeys.has(key)) {
        problems.push({ field: childPath, message: 'is not an allowed property name' });
        continue;
      }
      pending.push({ value: (value as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
  return problems;
}
