import type { RecordedEvent } from '@oms/contracts';
import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
} from '@eventstore/db-client';
import type { AllFilter, SubscribeOptions, Subscription } from '../event-store';
import { backoffDelay, type Backoff } from '../backoff';
import { isSystemEvent, toReadPosition, toRecordedEvent } from './recorded-event-mapping';

const DEFAULT_BATCH_SIZE = 500;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Server-side filter: EventStoreDB takes one (stream names or event types); the other is applied here. */
function serverFilter(filter: AllFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  if (filter?.eventTypes?.length) return eventTypeFilter({ regex: `^(${filter.eventTypes.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
}

export function matches(filter: AllFilter | undefined, event: { streamId: string; type: string }): boolean {
  if (isSystemEvent(event)) return false;
  if (filter?.streamPrefixes?.length && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  if (filter?.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

/**
 * Catch-up subscription over subscribeToAll. The server pushes events; we group what has
 * already arrived into batches (up to maxBatchSize) so handlers see the same shape as with
 * PostgreSQL. A handler error redelivers the same batch after a backoff; a dropped
 * subscription (server restart) is re-opened after the last acknowledged position.
 */
export class EventStoreDbSubscription implements Subscription {
  private acknowledged: bigint;
  private live = false;
  private stopped = false;
  private current: AllStreamSubscription | undefined;
  private wakeFromPause: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly retry: Backoff = { initialMs: 100, maxMs: 5_000 },
  ) {
    this.acknowledged = options.after;
    this.done = this.run();
  }

  get position(): bigint {
    return this.acknowledged;
  }

  get isLive(): boolean {
    return this.live;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeFromPause?.();
    await this.current?.unsubscribe().catch(() => undefined);
    await this.done;
  }

  private async run(): Promise<void> {
    const batchSize = Math.max(1, this.options.maxBatchSize ?? DEFAULT_BATCH_SIZE);
    for (let failures = 0; !this.stopped; ) {
      const subscription = this.client.subscribeToAll({
        fromPosition: toReadPosition(this.acknowledged),
        filter: serverFilter(this.options.filter),
      });
      this.current = subscription;
      subscription.on('caughtUp', () => {
        this.live = true;
      });
      try {
        let batch: RecordedEvent[] = [];
        for await (const resolved of subscription) {
          if (this.stopped) break;
          const event = resolved.event;
          if (event && event.position.commit > this.acknowledged && matches(this.options.filter, event)) batch.push(toRecordedEvent(event));
          // Deliver what has arrived when the batch is full or nothing more is buffered.
          if (batch.length > 0 && (batch.length >= batchSize || subscription.readableLength === 0)) {
            if (!(await this.deliver(batch))) break;
            batch = [];
          }
          failures = 0;
        }
      } catch (error) {
        if (!this.stopped) this.report(error);
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
      // Dropped (error, or the server ended the stream): re-open after a backoff, never in a hot loop.
      if (!this.stopped) await this.pause(backoffDelay(this.retry, failures++));
    }
  }

  private async deliver(events: RecordedEvent[]): Promise<boolean> {
    const last = events[events.length - 1].position;
    for (let failures = 0; !this.stopped; ) {
      try {
        await this.options.handler(events, last);
        this.acknowledged = last;
        return true;
      } catch (error) {
        this.report(error);
        await this.pause(backoffDelay(this.retry, failures++));
      }
    }
    return false;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private report(error: unknown): void {
    try {
      if (this.options.onError) this.options.onError(error);
      else console.error('EventStoreDB subscription: will retry after', error);
    } catch {
      // A failing error callback must not stop the subscription: it retries regardless.
    }
  }
}
