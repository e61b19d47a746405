import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { CheckpointConflict } from '../errors';
import { CheckpointStore, runInTransaction } from './checkpoint-store';
import { migrate } from './migrations';

describe('durable checkpoints (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let checkpoints: CheckpointStore;
  let n = 0;
  const name = () => `consumer-${++n}`;

  beforeAll(async () => {
    database = await createTestDatabase('es_checkpoints');
    pool = new Pool({ connectionString: database.url, max: 8 });
    await migrate(pool);
    await pool.query('CREATE TABLE effects (consumer text, note text)');
    checkpoints = new CheckpointStore(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const move = (consumer: string, expected: bigint, next: bigint) => runInTransaction(pool, consumer, expected, next, async () => undefined);

  it('starts at 0n and moves by compare-and-set', async () => {
    const consumer = name();
    expect(await checkpoints.load(consumer)).toBe(0n);
    await move(consumer, 0n, 10n);
    await move(consumer, 10n, 25n);
    expect(await checkpoints.load(consumer)).toBe(25n);
  });

  it('refuses to move from a position it is not at, saying where it is', async () => {
    const consumer = name();
    await move(consumer, 0n, 10n);

    const error = await move(consumer, 5n, 30n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointConflict);
    expect(error).toMatchObject({ code: 'CHECKPOINT_CONFLICT', subscription: consumer, expected: 5n, actual: 10n });
    await expect(move(consumer, 0n, 30n)).rejects.toMatchObject({ actual: 10n });
    await expect(move(name(), 7n, 30n)).rejects.toMatchObject({ actual: undefined });
    expect(await checkpoints.load(consumer)).toBe(10n);
  });

  it('lets one of two instances racing from the same position win', async () => {
    const consumer = name();
    await move(consumer, 0n, 10n);
    const outcomes = await Promise.allSettled([move(consumer, 10n, 20n), move(consumer, 10n, 21n), move(consumer, 10n, 22n)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(CheckpointConflict);
  });

  it('lets one of two instances creating the first checkpoint win', async () => {
    const consumer = name();
    const outcomes = await Promise.allSettled([move(consumer, 0n, 5n), move(consumer, 0n, 6n)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('commits the work and the checkpoint together, or neither', async () => {
    const consumer = name();
    await runInTransaction(pool, consumer, 0n, 10n, (client) => client.query(`INSERT INTO effects VALUES ($1, 'first')`, [consumer]));
    // The work fails after writing: its write and the checkpoint both vanish.
    await expect(
      runInTransaction(pool, consumer, 10n, 20n, async (client) => {
        await client.query(`INSERT INTO effects VALUES ($1, 'lost')`, [consumer]);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    // The checkpoint conflicts after the work wrote: the work vanishes too.
    await expect(runInTransaction(pool, consumer, 0n, 20n, (client) => client.query(`INSERT INTO effects VALUES ($1, 'stale')`, [consumer]))).rejects.toBeInstanceOf(
      CheckpointConflict,
    );

    const { rows } = await pool.query('SELECT note FROM effects WHERE consumer = $1', [consumer]);
    expect(rows.map((r) => r.note)).toEqual(['first']);
    expect(await checkpoints.load(consumer)).toBe(10n);
  });
});
