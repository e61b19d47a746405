import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the
 * same request. Bodies reach this after the body safety check, so their depth is bounded.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface FingerprintedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  body: unknown;
  /** Part of the request: the same body under another precondition is another request. */
  ifMatch?: string;
}

/** SHA-256 of what makes two requests "the same" for an Idempotency-Key. */
export function requestFingerprint({ method, path, body, ifMatch }: FingerprintedRequest): string {
  return createHash('sha256')
    .update(method.toUpperCase())
    .update('\n')
    .update(path)
    .update('\n')
    .update(ifMatch?.trim() ?? '')
    .update('\n')
    // No body and an empty object are the same request (`POST …/confirm` with or without `{}`).
    .update(canonicalJson(body ?? {}))
    .digest('hex');
}
