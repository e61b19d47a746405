import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '@oms/contracts';
import type { GatewayResponse as Response } from '../http/gateway-request';
import { catchError, concatMap, defer, from, of, switchMap, throwError, type Observable } from 'rxjs';
import type { GatewayRequest } from '../http/gateway-request';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details';
import { problemFor } from '../problems/problem-for';
import { idempotencyKeyFrom } from './idempotency-key';
import { IdempotencyStore, type StoredResponse } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a duplicate waits for the first request to finish before giving up. */
export const WAIT_FOR_FIRST_MS = 10_000;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on POST/PUT/DELETE (CONTRACT §2): the first request with a key runs and
 * its outcome (success or refusal) is stored; the same request again gets that outcome again
 * (`Idempotent-Replayed: true`) and causes nothing; another request under the same key is
 * refused (422). A duplicate arriving while the first still runs waits for its outcome, so
 * two racing identical requests have one effect. A 503 is not stored: the request could not
 * run, and retrying it is what the client should do.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    if (!UNSAFE_METHODS.has(request.method)) return next.handle();
    const key = idempotencyKeyFrom(request.headers['idempotency-key']);
    if (key === undefined || !request.caller) return next.handle();
    const scope = request.caller.keyId;
    const requestHash = requestFingerprint({ method: request.method, path: request.originalUrl, body: request.body, ifMatch: headerText(request.headers['if-match']) });

    return defer(() => this.claim(scope, key, requestHash)).pipe(
      switchMap((claim) => {
        if (claim.outcome === 'replay') return of(replay(response, claim.response));
        request.idempotency = { key, requestHash };
        const { claimId } = claim;
        return next.handle().pipe(
          concatMap(async (body: unknown) => {
            await this.settle(() => this.store.complete(scope, key, claimId, successOf(response, body)));
            return body;
          }),
          catchError((error: unknown) => {
            const { problem } = problemFor(error);
            const settled =
              problem.status === 503
                ? this.settle(() => this.store.release(scope, key, claimId))
                : this.settle(() =>
                    this.store.complete(scope, key, claimId, { status: problem.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(problem) }),
                  );
            return from(settled).pipe(switchMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  private async claim(scope: string, key: string, requestHash: string) {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      const claim = await this.store.claim(scope, key, requestHash);
      if (claim.outcome === 'reused') {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request; use a new key');
      }
      if (claim.outcome !== 'in-progress') return claim;
      if (Date.now() + pause > deadline) {
        throw new DomainError('CONCURRENCY_CONFLICT', 'a request with this Idempotency-Key is still in progress; retry later');
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** The effect has happened (or been refused) either way: failing to remember it must not hide it. */
  private async settle(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.error(`could not record an idempotent outcome: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function successOf(response: Response, body: unknown): StoredResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: response.statusCode, headers, body: body === undefined ? '' : JSON.stringify(body) };
}

function replay(response: Response, stored: StoredResponse): unknown {
  response.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader('Idempotent-Replayed', 'true');
  return stored.body === '' ? undefined : JSON.parse(stored.body);
}
