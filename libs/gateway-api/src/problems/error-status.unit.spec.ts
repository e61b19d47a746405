import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, errorCodes } from '@oms/contracts';
import { errorStatus, errorTitle } from './error-status';
import { problem, problemType } from './problem-details';
import { problemFor } from './problem-for';

describe('error → HTTP status', () => {
  it('has a status and a title for every closed error name, and nothing else', () => {
    expect(Object.keys(errorStatus).sort()).toEqual([...errorCodes].sort());
    expect(Object.keys(errorTitle).sort()).toEqual([...errorCodes].sort());
  });

  it.each([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['ORDER_NOT_FOUND', 404],
    ['LINE_NOT_FOUND', 404],
    ['HOLD_NOT_FOUND', 404],
    ['SHIPMENT_NOT_FOUND', 404],
    ['BOOKING_NOT_FOUND', 404],
    ['INVALID_TRANSITION', 409],
    ['ORDER_ON_HOLD', 409],
    ['CANCELLATION_NOT_ALLOWED', 409],
    ['CONCURRENCY_CONFLICT', 409],
    ['ORDER_EMPTY', 422],
    ['PAYMENT_MISMATCH', 422],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['PAYLOAD_TOO_LARGE', 413],
    ['SERVICE_UNAVAILABLE', 503],
  ] as const)('%s → %i', (code, status) => expect(errorStatus[code]).toBe(status));

  it('never maps a name to 500', () => expect(Object.values(errorStatus).filter((status) => status >= 500)).toEqual([503]));
});

describe('problem details', () => {
  it('carries type, title, status, detail, code, and per-field errors only when there are some', () => {
    expect(problem('ORDER_NOT_FOUND', 'no order x')).toEqual({
      type: 'urn:oms:problem:order-not-found',
      title: 'No such order',
      status: 404,
      detail: 'no order x',
      code: 'ORDER_NOT_FOUND',
    });
    expect(problem('VALIDATION_FAILED', 'bad', [{ field: 'lines[0].quantity', message: 'too small' }]).errors).toEqual([
      { field: 'lines[0].quantity', message: 'too small' },
    ]);
    expect(problem('VALIDATION_FAILED', 'bad', [])).not.toHaveProperty('errors');
  });

  it('has one type URI per code', () => expect(new Set(errorCodes.map(problemType)).size).toBe(errorCodes.length));
});

describe('problemFor', () => {
  it('keeps a domain refusal as it is', () => {
    const outcome = problemFor(new DomainError('PAYMENT_MISMATCH', 'amount 5 ≠ total 7'));
    expect(outcome).toEqual({ problem: expect.objectContaining({ status: 422, code: 'PAYMENT_MISMATCH', detail: 'amount 5 ≠ total 7' }), unexpected: false });
  });

  it('hides where an unavailable service lives', () => {
    const { problem: found, unexpected } = problemFor(new DomainError('SERVICE_UNAVAILABLE', 'ordering is unavailable: connect ECONNREFUSED 10.0.0.7:4101'));
    expect(found.status).toBe(503);
    expect(found.detail).not.toContain('10.0.0.7');
    expect(unexpected).toBe(true);
  });

  it('maps body-parser refusals by their type', () => {
    const tooLarge = new HttpException('request entity too large', 413, { cause: Object.assign(new Error('too large'), { type: 'entity.too.large' }) });
    expect(problemFor(tooLarge).problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const malformed = new BadRequestException('Unexpected token', { cause: Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed' }) });
    expect(problemFor(malformed).problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'the request body is not valid JSON' });
    expect(problemFor(new PayloadTooLargeException()).problem.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps Nest 404/405 to NOT_FOUND and other 4xx to VALIDATION_FAILED', () => {
    expect(problemFor(new NotFoundException('Cannot GET /x'), { method: 'GET', path: '/x' }).problem).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'no route GET /x' });
    expect(problemFor(new HttpException('nope', 405)).problem.code).toBe('NOT_FOUND');
    expect(problemFor(new HttpException('unsupported', 415)).problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('turns anything unknown into 503 SERVICE_UNAVAILABLE, never 500, and flags it for the log', () => {
    for (const failure of [new TypeError("Cannot read properties of undefined (reading 'x')"), new HttpException('boom', 500), 'a string', undefined, { weird: true }]) {
      const outcome = problemFor(failure);
      expect(outcome.problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(outcome.problem.detail).not.toContain('reading');
      expect(outcome.unexpected).toBe(true);
    }
  });
});
