import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { migrateIdempotencyKeys } from './idempotency-migration';
import { ABANDONED_AFTER_MS, IDEMPOTENCY_TTL_MS, IdempotencyStore, type StoredResponse } from './idempotency-store';

const created: StoredResponse = { status: 201, headers: { 'content-type': 'application/json', etag: '"0"' }, body: '{"id":"o-1","version":0}' };

describe('IdempotencyStore (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: IdempotencyStore;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_idempotency');
    pool = new Pool({ connectionString: database.url, max: 20 });
    store = new IdempotencyStore(pool);
    await store.onModuleInit();
  });
  afterAll(async () => {
    store?.onApplicationShutdown();
    await pool?.end();
    await database?.drop();
  });

  const ageRow = (scope: string, key: string, ms: number) =>
    pool.query(`UPDATE gw_idempotency_keys SET created_at = now() - make_interval(secs => $3::double precision / 1000) WHERE scope = $1 AND idempotency_key = $2`, [scope, key, ms]);

  it('migrates idempotently, also when several start at once', async () => {
    await Promise.all([migrateIdempotencyKeys(pool), migrateIdempotencyKeys(pool), migrateIdempotencyKeys(pool)]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'gw_idempotency_keys'`);
    expect(rows[0].n).toBe(1);
  });

  it('lets the first request run, then replays its stored response exactly', async () => {
    const claim = await store.claim('key-a', 'k-1', 'hash-1');
    expect(claim.outcome).toBe('claimed');
    expect(await store.claim('key-a', 'k-1', 'hash-1')).toEqual({ outcome: 'in-progress' });
    await store.complete('key-a', 'k-1', (claim as { claimId: string }).claimId, created);
    expect(await store.claim('key-a', 'k-1', 'hash-1')).toEqual({ outcome: 'replay', response: created });
  });

  it('refuses the key for another request, pending or completed', async () => {
    const claim = await store.claim('key-a', 'k-2', 'hash-1');
    expect(await store.claim('key-a', 'k-2', 'hash-2')).toEqual({ outcome: 'reused' });
    await store.complete('key-a', 'k-2', (claim as { claimId: string }).claimId, created);
    expect(await store.claim('key-a', 'k-2', 'hash-2')).toEqual({ outcome: 'reused' });
  });

  it('scopes keys per API key', async () => {
    expect((await store.claim('key-a', 'shared', 'hash-1')).outcome).toBe('claimed');
    expect((await store.claim('key-b', 'shared', 'hash-2')).outcome).toBe('claimed');
  });

  it('forgets a released key so that a retry runs', async () => {
    const claim = await store.claim('key-a', 'k-3', 'hash-1');
    await store.release('key-a', 'k-3', (claim as { claimId: string }).claimId);
    expect((await store.claim('key-a', 'k-3', 'hash-1')).outcome).toBe('claimed');
  });

  it('gives the key to exactly one of many racing requests', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim('key-a', 'race', 'hash-1')));
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.outcome === 'in-progress')).toHaveLength(19);
  });

  it('lets a retry take over a request abandoned mid-way, and ignores the late outcome of the abandoned one', async () => {
    const abandoned = (await store.claim('key-a', 'k-4', 'hash-1')) as { claimId: string };
    await ageRow('key-a', 'k-4', ABANDONED_AFTER_MS + 1_000);
    const retry = (await store.claim('key-a', 'k-4', 'hash-1')) as { outcome: string; claimId: string };
    expect(retry.outcome).toBe('claimed');
    await store.complete('key-a', 'k-4', abandoned.claimId, { ...created, status: 500 });
    await store.release('key-a', 'k-4', abandoned.claimId);
    expect(await store.claim('key-a', 'k-4', 'hash-1')).toEqual({ outcome: 'in-progress' });
    await store.complete('key-a', 'k-4', retry.claimId, created);
    expect(await store.claim('key-a', 'k-4', 'hash-1')).toEqual({ outcome: 'replay', response: created });
  });

  it('forgets keys after 24 hours', async () => {
    const claim = (await store.claim('key-a', 'k-5', 'hash-1')) as { claimId: string };
    await store.complete('key-a', 'k-5', claim.claimId, created);
    await ageRow('key-a', 'k-5', IDEMPOTENCY_TTL_MS + 1_000);
    expect((await store.claim('key-a', 'k-5', 'hash-2')).outcome).toBe('claimed');
    await ageRow('key-a', 'k-5', IDEMPOTENCY_TTL_MS + 1_000);
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const { rowCount } = await pool.query(`SELECT 1 FROM gw_idempotency_keys WHERE idempotency_key = 'k-5'`);
    expect(rowCount).toBe(0);
  });
});
