import { HttpException } from '@nestjs/common';
import { isDomainError, type ErrorCode } from '@oms/contracts';
import { problem, type Problem } from './problem-details';

export interface ProblemOutcome {
  problem: Problem;
  /** Not a refusal the platform meant to give: log it (with its stack) where it is rendered. */
  unexpected: boolean;
}

const SERVICE_UNAVAILABLE_DETAIL = 'a service needed for this request is unavailable; retry later';

/** body-parser's error types (http-errors `type`), which reach us wrapped in an HttpException. */
const bodyErrorDetails: Record<string, [ErrorCode, string]> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'the request body is larger than 1 MB'],
  'entity.parse.failed': ['VALIDATION_FAILED', 'the request body is not valid JSON'],
  'entity.verify.failed': ['VALIDATION_FAILED', 'the request body could not be read'],
  'encoding.unsupported': ['VALIDATION_FAILED', 'the request body has an unsupported Content-Encoding'],
  'charset.unsupported': ['VALIDATION_FAILED', 'the request body has an unsupported charset (use UTF-8)'],
  'request.aborted': ['VALIDATION_FAILED', 'the request body was not received completely'],
  'request.size.invalid': ['VALIDATION_FAILED', 'the request body is shorter or longer than its Content-Length'],
  'stream.encoding.set': ['VALIDATION_FAILED', 'the request body could not be read'],
  'parameters.too.many': ['VALIDATION_FAILED', 'the request has too many parameters'],
};

/**
 * Every failure becomes a problem with a closed error name. Refusals (DomainError, 4xx) keep
 * their meaning; everything else is `unexpected`.
 *
 * Unknown errors become 503 SERVICE_UNAVAILABLE, never 500: CONTRACT §2 promises that no
 * input yields a 5xx, so an unknown error is either our bug or a dependency failing (the
 * database, a service). Neither is the client's fault nor fixable by changing the request,
 * and a retry can succeed once the dependency is back. 503 is the one 5xx the contract
 * admits, it tells clients (and the idempotency layer, which forgets the key) to retry, and
 * its fixed detail leaks nothing of the internals. The real error is logged.
 */
export function problemFor(exception: unknown, request?: { method?: string; path?: string }): ProblemOutcome {
  if (isDomainError(exception)) {
    if (exception.code === 'SERVICE_UNAVAILABLE') {
      // Its message names hosts and ports (ECONNREFUSED 127.0.0.1:4101): log it, do not send it.
      return { problem: problem('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_DETAIL), unexpected: true };
    }
    return { problem: problem(exception.code, exception.message, exception.errors), unexpected: false };
  }
  if (exception instanceof HttpException) return httpExceptionProblem(exception, request);
  return { problem: problem('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_DETAIL), unexpected: true };
}

function httpExceptionProblem(exception: HttpException, request?: { method?: string; path?: string }): ProblemOutcome {
  const status = exception.getStatus();
  const bodyError = bodyErrorType(exception.cause);
  if (bodyError && bodyErrorDetails[bodyError]) {
    const [code, detail] = bodyErrorDetails[bodyError];
    return { problem: problem(code, detail), unexpected: false };
  }
  switch (status) {
    case 401:
      return refusal('UNAUTHORIZED', exception.message);
    case 403:
      return refusal('FORBIDDEN', exception.message);
    case 404:
    case 405:
      return refusal('NOT_FOUND', `no route ${request?.method ?? ''} ${truncate(request?.path ?? '', 200)}`.replace(/\s+/g, ' ').trim());
    case 413:
      return refusal('PAYLOAD_TOO_LARGE', 'the request body is larger than 1 MB');
  }
  if (status >= 400 && status < 500) return refusal('VALIDATION_FAILED', exception.message);
  return { problem: problem('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_DETAIL), unexpected: true };
}

function refusal(code: ErrorCode, detail: string): ProblemOutcome {
  return { problem: problem(code, detail), unexpected: false };
}

function bodyErrorType(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const type = (cause as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
