import { Test, type TestingModule } from '@nestjs/testing';
import { newId, streams } from '@oms/contracts';
import { EVENT_STORE, HealthRegistry, PG_POOL, PLATFORM_CONFIG, loadPlatformConfig } from '@oms/platform';
import type { EventStore } from '@oms/event-store';
import { getOrder } from '@oms/read-models';
import { createTestDatabase, eventually, newEvent, orderPlaced, type TestDatabase } from '@oms/testing';
import { ProjectorModule } from './projector.module';
import { ProjectorService } from './projector.service';

describe('ProjectorModule (PostgreSQL event store)', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let closed = false;

  beforeAll(async () => {
    database = await createTestDatabase('projector_module');
    app = await Test.createTestingModule({ imports: [ProjectorModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(loadPlatformConfig({ DATABASE_URL: database.url }))
      .compile();
    app.enableShutdownHooks();
    await app.init();
  });

  afterAll(async () => {
    if (!closed) await app?.close();
    await database?.drop();
  });

  it('projects what is appended, reports the projections healthy once live, and stops on shutdown', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const orderId = newId();
    await store.append(streams.order(orderId), [newEvent('OrderPlaced', orderPlaced(orderId, [], { orderNumber: `ORD-2026-${orderId.slice(-6)}` }))], { expected: 'no_stream' });
    const health = app.get(HealthRegistry);
    await eventually(async () => expect((await health.report()).checks.projections).toEqual({ status: 'up' }));
    await eventually(async () => expect(await getOrder(app.get(PG_POOL), orderId)).toMatchObject({ id: orderId, status: 'pending', version: 0 }));

    const { projections } = app.get(ProjectorService);
    await app.close();
    closed = true;
    await expect(projections.check()).rejects.toThrow(/stopped/);
  });
});
