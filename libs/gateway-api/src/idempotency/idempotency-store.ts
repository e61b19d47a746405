import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { newId } from '@oms/contracts';
import { PG_POOL } from '@oms/platform';
import type { Pool } from 'pg';
import { migrateIdempotencyKeys } from './idempotency-migration';

/** What is replayed for a repeated request. */
export interface StoredResponse {
  status: number;
  /** Only the headers that describe the outcome (Content-Type, ETag, Location). */
  headers: Record<string, string>;
  /** The body exactly as first sent (JSON text). */
  body: string;
}

export type Claim =
  /** This request runs; finish it with `complete` or `release`. */
  | { outcome: 'claimed'; claimId: string }
  /** The same request already ran: send its response again. */
  | { outcome: 'replay'; response: StoredResponse }
  /** The same request is running right now (another connection or replica). */
  | { outcome: 'in-progress' }
  /** The key was used for another request. */
  | { outcome: 'reused' };

/** A key is remembered for a day. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * A pending row older than this belongs to a gateway that died mid-request (a request lasts at
 * most the 10 s command timeout plus a little), so a retry may take it over.
 */
export const ABANDONED_AFTER_MS = 60_000;
const PURGE_EVERY_MS = 3_600_000;

/** Idempotency keys in PostgreSQL, scoped per API key, so replicas share them. */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private purgeTimer?: NodeJS.Timeout;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await migrateIdempotencyKeys(this.pool);
    await this.purgeExpired();
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((error: unknown) => this.logger.warn(`purging expired keys failed: ${String(error)}`));
    }, PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Takes the key for this request, or says what became of the request that took it. */
  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    // A row deleted between the insert and the select (a 503 released it) is simply claimed again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const claimId = newId();
      const inserted = await this.pool.query(
        `INSERT INTO gw_idempotency_keys (scope, idempotency_key, request_hash, claim_id, state)
         VALUES ($1, $2, $3, $4, 'pending')
         ON CONFLICT (scope, idempotency_key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, claim_id = EXCLUDED.claim_id, state = 'pending',
               response_status = NULL, response_headers = NULL, response_body = NULL,
               created_at = now(), completed_at = NULL
           WHERE gw_idempotency_keys.created_at < now() - make_interval(secs => $5::double precision / 1000)
              OR (gw_idempotency_keys.state = 'pending'
                  AND gw_idempotency_keys.created_at < now() - make_interval(secs => $6::double precision / 1000))
         RETURNING claim_id`,
        [scope, key, requestHash, claimId, IDEMPOTENCY_TTL_MS, ABANDONED_AFTER_MS],
      );
      if (inserted.rowCount === 1) return { outcome: 'claimed', claimId };
      const { rows } = await this.pool.query<{
        request_hash: string;
        state: 'pending' | 'completed';
        response_status: number | null;
        response_headers: Record<string, string> | null;
        response_body: string | null;
      }>(
        `SELECT request_hash, state, response_status, response_headers, response_body
           FROM gw_idempotency_keys WHERE scope = $1 AND idempotency_key = $2`,
        [scope, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== requestHash) return { outcome: 'reused' };
      if (row.state === 'pending') return { outcome: 'in-progress' };
      return {
        outcome: 'replay',
        response: { status: row.response_status ?? 200, headers: row.response_headers ?? {}, body: row.response_body ?? '' },
      };
    }
    throw new Error(`idempotency key could not be claimed after 5 attempts`);
  }

  /** Records the outcome; only the claim that is still current may (not one taken over). */
  async complete(scope: string, key: string, claimId: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE gw_idempotency_keys
          SET state = 'completed', response_status = $4, response_headers = $5, response_body = $6, completed_at = now()
        WHERE scope = $1 AND idempotency_key = $2 AND claim_id = $3`,
      [scope, key, claimId, response.status, JSON.stringify(response.headers), response.body],
    );
  }

  /** Forgets the key (the request could not run: 503), so that a retry runs it. */
  async release(scope: string, key: string, claimId: string): Promise<void> {
    await this.pool.query(`DELETE FROM gw_idempotency_keys WHERE scope = $1 AND idempotency_key = $2 AND claim_id = $3`, [scope, key, claimId]);
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM gw_idempotency_keys WHERE created_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [IDEMPOTENCY_TTL_MS],
    );
    return rowCount ?? 0;
  }
}
