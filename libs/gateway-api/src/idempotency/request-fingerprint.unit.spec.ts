import { DomainError } from '@oms/contracts';
import { idempotencyKeyFrom } from './idempotency-key';
import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('request fingerprint', () => {
  const base = { method: 'POST', path: '/api/v1/orders', body: { customerId: 'c', currency: 'EUR', lines: [{ sku: 'a', quantity: 1 }] } };

  it('is a SHA-256, the same for the same request whatever the key order', () => {
    const reordered = { ...base, body: { lines: [{ quantity: 1, sku: 'a' }], currency: 'EUR', customerId: 'c' } };
    expect(requestFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(base));
    expect(requestFingerprint({ ...base, method: 'post' })).toBe(requestFingerprint(base));
  });

  it('differs when the body, path, method or precondition differs', () => {
    const original = requestFingerprint(base);
    expect(requestFingerprint({ ...base, body: { ...base.body, currency: 'USD' } })).not.toBe(original);
    expect(requestFingerprint({ ...base, body: { ...base.body, lines: [] } })).not.toBe(original);
    expect(requestFingerprint({ ...base, path: '/api/v1/orders/x/lines' })).not.toBe(original);
    expect(requestFingerprint({ ...base, method: 'PUT' })).not.toBe(original);
    expect(requestFingerprint({ ...base, ifMatch: '"3"' })).not.toBe(original);
  });

  it('treats no body and an empty object as the same request', () =>
    expect(requestFingerprint({ method: 'POST', path: '/p', body: undefined })).toBe(requestFingerprint({ method: 'POST', path: '/p', body: {} })));

  it('keeps array order and distinguishes types', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ b: { d: 1, c: [null, true] }, a: 'x' })).toBe('{"a":"x","b":{"c":[null,true],"d":1}}');
  });
});

describe('Idempotency-Key header', () => {
  it('accepts 1..200 printable characters', () => {
    expect(idempotencyKeyFrom(undefined)).toBeUndefined();
    expect(idempotencyKeyFrom('a')).toBe('a');
    expect(idempotencyKeyFrom('k'.repeat(200))).toBe('k'.repeat(200));
    expect(idempotencyKeyFrom('order 42 / retry #1')).toBe('order 42 / retry #1');
  });

  it.each([[''], ['k'.repeat(201)], ['tab\there'], ['é']])('refuses %p', (header) => expect(() => idempotencyKeyFrom(header)).toThrow(DomainError));
  it('refuses a repeated header', () => expect(() => idempotencyKeyFrom(['a', 'b'])).toThrow(DomainError));
});
