import { apiClient, createTestDatabase, startSystem, type SystemUnderTest, type TestDatabase } from '@oms/testing';
import { orderFlows, type Api } from './order-flows';

export interface RunningPlatform {
  database: TestDatabase;
  system: SystemUnderTest;
  api: Api;
  flows: ReturnType<typeof orderFlows>;
  /**
   * Runs `close` before the services stop and the database is dropped. Jest runs `afterAll`
   * hooks in the order they were declared, so a suite's own `afterAll` would run after the
   * drop: a connection it still held would keep Jest from exiting.
   */
  beforeStop(close: () => unknown): void;
}

/**
 * Boots every service as its own process on a fresh database for the enclosing `describe`,
 * and stops them after it. The returned object is filled in by `beforeAll`.
 */
export function runningPlatform(name: string, env: NodeJS.ProcessEnv = {}): RunningPlatform {
  const closers: (() => unknown)[] = [];
  const platform = { beforeStop: (close: () => unknown) => void closers.push(close) } as RunningPlatform;
  beforeAll(async () => {
    platform.database = await createTestDatabase(name);
    platform.system = await startSystem({ databaseUrl: platform.database.url, env });
    platform.api = apiClient(platform.system.baseUrl);
    platform.flows = orderFlows(platform.api);
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await platform.system?.stop();
    await platform.database?.drop();
  });
  return platform;
}
