import type { DomainEvent, EventType } from '@oms/contracts';

/** An event as the process manager learns it from the global log: what happened, and which. */
export type Fact<T extends EventType = EventType> = DomainEvent<T> & {
  eventId: string;
  orderId: string;
};
