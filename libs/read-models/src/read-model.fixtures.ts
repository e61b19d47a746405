import { newId, streams, type EventDataMap, type EventType, type OrderLine, type RecordedEvent } from '@oms/contracts';
import { createTestDatabase, type TestDatabase } from '@oms/testing';
import { Pool } from 'pg';
import { migrateReadModels } from './migrations';
import { projectBatch } from './projector';

/**
 * Builds RecordedEvents as a store would deliver them: per-stream revisions from 0, global
 * positions strictly increasing but not dense, full CONTRACT §4 metadata.
 */
export class EventLog {
  private position = 100n;
  private readonly revisions = new Map<string, number>();
  readonly all: RecordedEvent[] = [];

  record<T extends EventType>(streamId: string, type: T, data: EventDataMap[T], occurredAt: string): RecordedEvent<T, EventDataMap[T]> {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.position += 7n;
    const orderId = (data as { orderId: string }).orderId;
    const eventId = newId();
    const event: RecordedEvent<T, EventDataMap[T]> = {
      eventId,
      type,
      data,
      metadata: {
        orderId,
        correlationId: orderId,
        causationId: eventId,
        actor: { type: 'user', id: 'dev-client', role: 'client' },
        occurredAt,
        schemaVersion: 1,
      },
      streamId,
      revision,
      position: this.position,
      recordedAt: new Date(occurredAt),
    };
    this.all.push(event);
    return event;
  }

  /** Events recorded since `mark` (an index into `all`). */
  since(mark: number): RecordedEvent[] {
    return this.all.slice(mark);
  }
}

export function line(overrides: Partial<OrderLine> = {}): OrderLine {
  return { lineId: newId(), sku: 'SKU-1', productType: 'physical', description: 'a thing', quantity: 1, unitPrice: 1000, ...overrides };
}

/** Minutes after a fixed start, as ISO time. */
export function at(minutes: number, base = '2026-03-01T10:00:00.000Z'): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

let orderCounter = 0;

export interface PlacedFixture {
  orderId: string;
  orderNumber: string;
  customerId: string;
}

/** Records an order's OrderPlaced and returns its ids. */
export function place(
  log: EventLog,
  options: { orderId?: string; customerId?: string; lines?: OrderLine[]; placedAt?: string; currency?: string } = {},
): PlacedFixture {
  const orderId = options.orderId ?? newId();
  const orderNumber = `ORD-2026-${String(++orderCounter).padStart(6, '0')}-${orderId.slice(-4)}`;
  const customerId = options.customerId ?? 'customer-1';
  log.record(
    streams.order(orderId),
    'OrderPlaced',
    { orderId, orderNumber, customerId, currency: options.currency ?? 'EUR', lines: options.lines ?? [], placedAt: options.placedAt ?? at(0) },
    options.placedAt ?? at(0),
  );
  return { orderId, orderNumber, customerId };
}

/** A fresh database with the read models migrated, for one spec file. */
export function useReadModelDatabase(): { readonly pool: Pool; readonly url: string } {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('read_models');
    pool = new Pool({ connectionString: database.url, max: 6 });
    await migrateReadModels(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  return {
    get pool(): Pool {
      if (!pool) throw new Error('the database is not ready: use the pool inside a test');
      return pool;
    },
    get url(): string {
      if (!database) throw new Error('the database is not ready: use its url inside a test');
      return database.url;
    },
  };
}

/** Feeds batches through projectBatch under one checkpoint, as the projector does. */
export class Projector {
  private position = 0n;

  constructor(
    private readonly pool: () => Pool,
    readonly name = `test-${newId()}`,
  ) {}

  async feed(events: readonly RecordedEvent[]): Promise<void> {
    const last = events.length > 0 ? events[events.length - 1].position : this.position;
    await projectBatch(this.pool(), events, this.name, this.position, last);
    this.position = last;
  }
}
