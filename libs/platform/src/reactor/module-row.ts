import { derivedId, DomainError, type DomainEvent, type ErrorCode, type ModuleRowReply } from '@oms/contracts';
import { WrongExpectedVersion, type EventStore } from '@oms/event-store';
import type { OperatorCommand } from './operator-command';
import { orderForOperation } from './order-gate';
import { reactOnModuleStream, type ModuleStream } from './module-stream-reactor';
import { decideOnStream } from './stream-decision';

/** A module stream that operators move step by step, answered as the order's module row. */
export interface ModuleRow<State extends { status: string }, Event extends DomainEvent> extends ModuleStream<State, Event> {
  module: ModuleRowReply['module'];
  /** What the row is called in errors: `shipment`, `booking`. */
  noun: string;
  /** Refusal of a step on an order that has no such row. */
  notFound: ErrorCode;
  /** The field of the row's opening event that says when (its other events say `at`). */
  openedAt: string;
}

/**
 * An operator step on an order's module row: load the order (exists, not held), load the row,
 * decide the step, append with the row's expected revision (reload and decide again if another
 * writer got there first).
 *
 * A step on a cancelled order first applies the cancellation to the row itself, exactly as the
 * module's reactor would (same event ids, so whichever comes first wins and the other appends
 * nothing); the step is then decided on the cancelled row, which refuses it (INVALID_TRANSITION)
 * unless the module still allows it. The events' ids derive from the command's id, so the same
 * command again (a retry after a lost reply) appends nothing and is answered with the row.
 */
export async function advanceModuleRow<State extends { status: string }, Event extends DomainEvent>(
  store: EventStore,
  row: ModuleRow<State, Event>,
  command: OperatorCommand,
  decideStep: (state: State, at: string) => Event[],
): Promise<ModuleRowReply> {
  const { orderId, context } = command;
  const { cancelled } = await orderForOperation(store, orderId);
  if (cancelled) await reactOnModuleStream(store, row, cancelled);
  const firstEventId = derivedId(context.commandId, row.module, '0');
  const at = new Date().toISOString();
  const result = await decideOnStream(store, {
    streamId: row.streamId(orderId),
    initialState: row.initialState,
    evolve: row.evolve,
    decide: (state, history) => (history.some((event) => event.eventId === firstEventId) ? [] : decideStep(state, at)),
    context: {
      orderId,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.commandId,
      actor: context.actor,
    },
    eventId: (index) => derivedId(context.commandId, row.module, String(index)),
    now: () => at,
  }).catch((error: unknown) => {
    // Still losing the race after several fresh decisions: the row is too busy right now.
    if (error instanceof WrongExpectedVersion) throw new DomainError('CONCURRENCY_CONFLICT', `the ${row.noun} changed while the step was being decided; retry`);
    throw error;
  });
  if (result.state.status === 'none') throw new DomainError(row.notFound, `the order has no ${row.noun}`);
  const updatedAt = result.events.length > 0 ? at : await lastChange(store, row.streamId(orderId), row.openedAt);
  return { orderId, module: row.module, state: result.state.status, updatedAt };
}

async function lastChange(store: EventStore, streamId: string, openedAt: string): Promise<string> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  const data = (last?.data ?? {}) as Record<string, string | undefined>;
  return data.at ?? data[openedAt] ?? last?.recordedAt.toISOString() ?? new Date(0).toISOString();
}
