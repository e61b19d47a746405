import type { DomainEvent, NewEvent, RecordedEvent } from '@oms/contracts';
import { WrongExpectedVersion, type EventStore, type ExpectedRevision } from '@oms/event-store';
import { envelope, type EnvelopeContext } from '../events/envelope';

/** One stream's decider as a command handler needs it: fold the stream, decide, append. */
export interface StreamDecision<State, Event extends DomainEvent> {
  streamId: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  /** The events to append given the stream's state and history; may throw a DomainError. */
  decide: (state: State, history: readonly RecordedEvent[]) => Event[];
  /** Metadata of the appended events (time is taken when appending). */
  context: Omit<EnvelopeContext, 'occurredAt'>;
  /**
   * Id of the index-th event decided. Derive it from the cause (the event reacted to, the
   * command's id) so that deciding again after a redelivery appends the same ids, which the
   * store's idempotent append turns into a no-op.
   */
  eventId: (index: number, event: Event) => string;
  /** Attempts before a WrongExpectedVersion is given up; default 5. */
  maxAttempts?: number;
  now?: () => string;
}

export interface StreamDecisionResult<State, Event extends DomainEvent> {
  /** The state after the appended events. */
  state: State;
  /** What was appended (empty when nothing was due). */
  events: Event[];
  /** Revision of the stream's last event after the decision; -1 for a stream still empty. */
  revision: number;
}

/** The domain event a recorded one carries (its type and data are what the decider knows). */
export function domainEventOf<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}

export function foldStream<State, Event extends DomainEvent>(events: readonly RecordedEvent[], evolve: (state: State, event: Event) => State, initialState: () => State): State {
  return events.reduce((state, recorded) => evolve(state, domainEventOf<Event>(recorded)), initialState());
}

/**
 * Load → decide → append with the expected revision of the stream as loaded. Another writer in
 * between (WrongExpectedVersion) means the decision was taken on stale state: reload, decide
 * again. Deciders are idempotent on their own state, so the second decision sees the other
 * writer's effect and usually decides nothing.
 */
export async function decideOnStream<State, Event extends DomainEvent>(
  store: EventStore,
  decision: StreamDecision<State, Event>,
): Promise<StreamDecisionResult<State, Event>> {
  const maxAttempts = decision.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(decision.streamId);
    const state = foldStream(history, decision.evolve, decision.initialState);
    const revision = history.length - 1;
    const events = decision.decide(state, history);
    if (events.length === 0) return { state, events, revision };
    const occurredAt = (decision.now ?? (() => new Date().toISOString()))();
    const newEvents: NewEvent[] = envelope(events, { ...decision.context, occurredAt }, (event, index) => decision.eventId(index, event as Event));
    const expected: ExpectedRevision = revision < 0 ? 'no_stream' : revision;
    try {
      const { nextExpectedRevision } = await store.append(decision.streamId, newEvents, { expected });
      return { state: events.reduce(decision.evolve, state), events, revision: nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= maxAttempts) throw error;
    }
  }
}
