import { apiClient, createTestDatabase, startSystem, type SystemUnderTest, type TestDatabase } from '@oms/testing';
import { orderFlows, type Api } from './order-flows';

export interface RunningPlatform {
  database: TestDatabase;
  system: SystemUnderTest;
  api: Api;
  flows: ReturnType<typeof orderFlows>;
}

/**
 * Boots every service as its own process on a fresh database for the enclosing `describe`,
 * and stops them after it. The returned object is filled in by `beforeAll`.
 */
export function runningPlatform(name: string, env: NodeJS.ProcessEnv = {}): RunningPlatform {
  const platform = {} as RunningPlatform;
  beforeAll(async () => {
    platform.database = await createTestDatabase(name);
    platform.system = await startSystem({ databaseUrl: platform.database.url, env });
    platform.api = apiClient(platform.system.baseUrl);
    platform.flows = orderFlows(platform.api);
  });
  afterAll(async () => {
    await platform.system?.stop();
    await platform.database?.drop();
  });
  return platform;
}
