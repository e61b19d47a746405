import type { RecordedEvent } from '@oms/contracts';
import type { EventStore, SubscribeOptions, Subscription } from '@oms/event-store';

/**
 * Just enough of an event store for the projector: a global log in memory and catch-up
 * subscriptions over it that behave as the port says (in order, batch redelivered after a
 * failed handler, live once the end is reached).
 */
export class InMemoryLog {
  readonly events: RecordedEvent[] = [];
  readonly subscriptions: { options: SubscribeOptions; subscription: Subscription }[] = [];
  /** When set, reads fail with this error (the store is unreachable). */
  readFailure: Error | undefined;

  add(...events: RecordedEvent[]): void {
    this.events.push(...events);
  }

  asStore(): EventStore {
    const unsupported = (): never => {
      throw new Error('not part of the in-memory log');
    };
    return {
      append: unsupported,
      appendMany: unsupported,
      readStream: unsupported,
      readAll: unsupported,
      subscribeToAll: (options) => this.subscribe(options),
      ping: async () => undefined,
      close: async () => undefined,
    };
  }

  private subscribe(options: SubscribeOptions): Subscription {
    let acknowledged = options.after;
    let live = false;
    let stopped = false;
    const events = () => this.events;
    const readFailure = () => this.readFailure;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const run = async () => {
      while (!stopped) {
        const failure = readFailure();
        if (failure) {
          options.onError?.(failure);
          await sleep(5);
          continue;
        }
        const types = options.filter?.eventTypes;
        const pending = events().filter((event) => event.position > acknowledged && (!types || types.includes(event.type)));
        const batch = pending.slice(0, options.maxBatchSize ?? 500);
        if (batch.length === 0) {
          live = true;
          await sleep(5);
          continue;
        }
        const last = batch[batch.length - 1].position;
        try {
          await options.handler(batch, last);
          acknowledged = last;
        } catch (error) {
          options.onError?.(error);
          await sleep(5);
        }
      }
    };
    const done = run();
    const subscription: Subscription = {
      get position() {
        return acknowledged;
      },
      get isLive() {
        return live;
      },
      async stop() {
        stopped = true;
        await done;
      },
    };
    this.subscriptions.push({ options, subscription });
    return subscription;
  }
}
