import {
  isDomainError,
  orderingPatterns,
  type CommandContext,
  type ErrorCode,
  type RecordModuleStateCommand,
  type RequestCancellationCommand,
} from '@oms/contracts';
import { serviceActor } from '@oms/platform';
import type { OrderCommand } from '@oms/process-manager-domain';

export const PROCESS_MANAGER_ACTOR = serviceActor('process-manager');

export interface OrderMessage {
  pattern: string;
  payload: RecordModuleStateCommand | RequestCancellationCommand;
}

/**
 * The message the ordering service receives for a command of the process manager. Its
 * commandId is derived from the causing event, so the same fact sends the same command: the
 * ordering service derives its event ids from the commandId, and the order decider also
 * ignores a module event it has recorded already.
 */
export function orderMessage(command: OrderCommand, correlationId: string): OrderMessage {
  const context: CommandContext = { correlationId, commandId: command.commandId, causationId: command.causationId, actor: PROCESS_MANAGER_ACTOR };
  if (command.kind === 'recordModuleState') {
    const { orderId, module, state, sourceEventId } = command;
    return { pattern: orderingPatterns.recordModuleState, payload: { orderId, module, state, sourceEventId, context } };
  }
  const { orderId, reason, note } = command;
  return { pattern: orderingPatterns.requestCancellation, payload: { orderId, reason, ...(note !== undefined ? { note } : {}), context } };
}

/** Failures that say "not now" rather than "no": the same command is sent again later. */
const transientCodes: readonly ErrorCode[] = ['SERVICE_UNAVAILABLE', 'CONCURRENCY_CONFLICT'];

/**
 * A command the order refused (INVALID_TRANSITION on a cancelled order, CANCELLATION_NOT_ALLOWED
 * once shipped, ORDER_NOT_FOUND…) will be refused again: it is logged and skipped, never retried
 * for ever. An unreachable ordering service, a concurrency conflict it gave up on, or anything
 * that is not a closed business error is worth retrying.
 */
export function isRefusal(error: unknown): boolean {
  return isDomainError(error) && !transientCodes.includes(error.code);
}

export type SendOutcome = { accepted: true } | { accepted: false; code: ErrorCode; message: string };

export interface CommandTransport {
  send<Result>(pattern: string, payload: unknown): Promise<Result>;
}

/** Sends one command; resolves with the order's answer, throws only what should be retried. */
export async function sendOrderCommand(transport: CommandTransport, command: OrderCommand, correlationId: string): Promise<SendOutcome> {
  const { pattern, payload } = orderMessage(command, correlationId);
  try {
    await transport.send(pattern, payload);
    return { accepted: true };
  } catch (error) {
    if (isDomainError(error) && isRefusal(error)) return { accepted: false, code: error.code, message: error.message };
    throw error;
  }
}
