import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '@oms/platform';
import type { Caller } from './caller';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A stable, non-secret name for a key (logs, event metadata, idempotency scope). */
export function apiKeyId(key: string): string {
  return sha256(key).toString('hex').slice(0, 12);
}

/** The token of `Authorization: Bearer <token>`, or undefined for anything else. */
export function bearerToken(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return match ? match[1] : undefined;
}

/**
 * The configured API keys. A presented key is compared with every configured one in constant
 * time over SHA-256 digests (equal lengths whatever was sent), and without stopping at the
 * first match, so the response time says nothing about how close a guess was.
 */
export class ApiKeyRing {
  private readonly entries: ReadonlyArray<{ digest: Buffer; caller: Caller }>;

  constructor(keys: readonly ApiKey[]) {
    this.entries = keys.map(({ key, role }) => ({ digest: sha256(key), caller: { keyId: apiKeyId(key), role } }));
  }

  identify(presented: string | undefined): Caller | undefined {
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let found: Caller | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.caller;
    }
    return found;
  }
}
