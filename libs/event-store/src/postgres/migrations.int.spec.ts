import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { metadata } from '../contract/fixtures';
import { migrate, migrations } from './migrations';

describe('event store migrations (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_migrate');
    pool = new Pool({ connectionString: database.url, max: 8 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('applies every migration once when several instances start together, and nothing on a later start', async () => {
    const applied = await Promise.all(Array.from({ length: 4 }, () => migrate(pool)));

    expect(applied.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.id));
    expect(await migrate(pool)).toEqual([]);
    const { rows } = await pool.query('SELECT id FROM es_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
  });

  it('refuses, in the table itself, an event without the contract metadata (a path around the adapter)', async () => {
    await migrate(pool);
    const insert = (meta: object) =>
      pool.query(`INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
                  VALUES (1, 'raw', 0, gen_random_uuid(), 'Raw', '{}', $1)`, [JSON.stringify(meta)]);
    const { causationId: _, ...withoutCausation } = metadata();

    await expect(insert(withoutCausation)).rejects.toMatchObject({ code: '23514' });
    await expect(insert({ ...metadata(), actor: 'someone' })).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses es_append called with bad arguments, raising its own SQLSTATE', async () => {
    await migrate(pool);
    await expect(
      pool.query(`SELECT * FROM es_append(ARRAY['s'], ARRAY['maybe'], ARRAY[gen_random_uuid()], ARRAY['T'], ARRAY['{}'::jsonb], ARRAY[$1::jsonb], ARRAY[1])`, [
        JSON.stringify(metadata()),
      ]),
    ).rejects.toMatchObject({ code: 'ES003' });
    await expect(pool.query(`SELECT * FROM es_append(ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::uuid[], ARRAY[]::text[], ARRAY[]::jsonb[], ARRAY[]::jsonb[], ARRAY[]::int[])`)).rejects.toMatchObject({
      code: 'ES003',
    });
  });
});
