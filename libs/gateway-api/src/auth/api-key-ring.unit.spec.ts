import { ApiKeyRing, apiKeyId, bearerToken } from './api-key-ring';

describe('API keys', () => {
  const ring = new ApiKeyRing([
    { role: 'client', key: 'client-secret-1' },
    { role: 'operator', key: 'operator-secret-2' },
  ]);

  it('identifies a configured key with its role and a stable, non-secret id', () => {
    expect(ring.identify('client-secret-1')).toEqual({ keyId: apiKeyId('client-secret-1'), role: 'client' });
    expect(ring.identify('operator-secret-2')?.role).toBe('operator');
    expect(apiKeyId('client-secret-1')).toMatch(/^[0-9a-f]{12}$/);
    expect(apiKeyId('client-secret-1')).toBe(apiKeyId('client-secret-1'));
    expect(apiKeyId('client-secret-1')).not.toContain('client');
  });

  it('knows nothing of other keys, whatever their length or likeness', () => {
    for (const guess of ['', 'client-secret-', 'client-secret-10', 'CLIENT-SECRET-1', 'x'.repeat(10_000), 'client-secret-1 ', '\u0000']) {
      expect(ring.identify(guess)).toBeUndefined();
    }
    expect(ring.identify(undefined)).toBeUndefined();
  });

  it('reads the token of a Bearer Authorization header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer  abc ')).toBe('abc');
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc', 'Bearerabc']) expect(bearerToken(header)).toBeUndefined();
  });
});
