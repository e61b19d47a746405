import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from '@oms/contracts';
import type { AppendResult, EventStore, StreamAppend } from '../event-store';

/** What an adapter's spec gives the contract suite. */
export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
  hooks?: ContractHooks;
}

/** Capabilities of a backend that the port does not expose but some proofs need. */
export interface ContractHooks {
  /** Appends in a transaction held open `holdMs`, then committed or rolled back (results when committed). */
  appendInTransaction?(appends: StreamAppend[], outcome: 'commit' | 'rollback', holdMs: number): Promise<AppendResult[] | undefined>;
  /** Ground truth: committed events of streams starting with the prefix, counted by the backend itself. */
  countEvents?(streamPrefix: string): Promise<number>;
  /** A consumer that records effects and its checkpoint in one transaction. */
  durableConsumer?(name: string): Promise<DurableConsumer>;
  /** Kills the connection that delivers live notifications (e.g. pg_terminate_backend). */
  breakNotifications?(): Promise<void>;
}

export interface DurableConsumer {
  /** The durable checkpoint, 0n when none. */
  checkpoint(): Promise<bigint>;
  /**
   * Records one effect per event and moves the checkpoint from `expected` to `next`, in one
   * transaction. `crashBeforeCommit`: the effects are written, then the transaction dies.
   */
  handle(events: RecordedEvent[], expected: bigint, next: bigint, options?: { crashBeforeCommit?: boolean }): Promise<void>;
  /** Every effect recorded, duplicates included. */
  effects(): Promise<Array<{ eventId: string; position: bigint }>>;
}

/** Behaviour an adapter cannot offer, with the reason; the suite reports those tests as skipped, by name. */
export type ContractFeature =
  | 'atomic appendMany'
  | 'event ids unique across streams'
  | 'rolled-back and delayed transactions'
  | 'durable checkpoints with effects'
  | 'notification reconnect';

export interface ContractOptions {
  unsupported?: Partial<Record<ContractFeature, string>>;
  /**
   * The store's poll interval: live delivery must beat it by far, which only a push
   * (NOTIFY, gRPC) explains. Configure the store with a long one.
   */
  pollIntervalMs?: number;
}

export function uniqueId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    orderId: 'order-1',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { type: 'user', id: 'key-1', role: 'client' },
    occurredAt: '2026-03-01T10:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(type = 'TestHappened', data: unknown = { n: 1 }): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: metadata() };
}

export function newEvents(count: number, type = 'TestHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every event of the global log after `after` that matches the filter, following pages to the end. */
export async function readAllPages(store: EventStore, filter: { streamPrefixes?: string[]; eventTypes?: string[] }, maxCount = 100): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount, filter });
    events.push(...page.events);
    if (page.isEnd) return events;
    if (page.lastPosition <= after && page.events.length === 0) throw new Error('readAll made no progress');
    after = page.lastPosition;
  }
}
