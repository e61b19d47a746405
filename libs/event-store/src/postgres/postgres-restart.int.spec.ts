import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@oms/contracts';
import { startOwnPostgres, type OwnPostgres } from '@oms/testing';
import { newEvents, uniqueId, waitFor } from '../contract/fixtures';
import { migrate } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

jest.setTimeout(60_000);

describe('PostgreSQL event store across a PostgreSQL restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-restart-'));
  const dataDir = join(dir, 'data');
  let server: OwnPostgres;
  let store: PostgresEventStore;

  beforeAll(async () => {
    server = await startOwnPostgres(dataDir);
    store = new PostgresEventStore(server.url, {
      onPoolError: () => undefined,
      listenerReconnect: { initialMs: 50, maxMs: 500 },
      subscriptions: { pollIntervalMs: 200 },
    });
    await migrate(store.pool);
  });

  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the subscription and the appends going once the server is back, losing nothing', async () => {
    const stream = uniqueId('restart');
    const delivered: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribeToAll({
      after: 0n,
      handler: async (events) => void delivered.push(...events),
      onError: (error) => errors.push(error),
    });
    await store.append(stream, newEvents(5));
    await waitFor(() => delivered.length === 5, 10_000, 'the first five events');

    await server.stop();
    await expect(store.append(stream, newEvents(1))).rejects.toThrow();
    await server.start();

    await waitFor(
      async () => {
        try {
          await store.append(stream, newEvents(5));
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      'an append to succeed after the restart',
    );
    await waitFor(() => delivered.length === 10, 15_000, 'the five events appended after the restart');
    await subscription.stop();

    const revisions = delivered.map((event) => event.revision);
    expect(revisions).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(errors.length).toBeGreaterThan(0);
    expect((await store.readStream(stream)).length).toBe(10);
  });
});
