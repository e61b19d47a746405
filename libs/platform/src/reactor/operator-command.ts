import { DomainError, isUuid, type CommandContext, type FieldError } from '@oms/contracts';

/** An operator's step on a module row, as the gateway sends it (AdvanceShipmentCommand, AdvanceBookingCommand). */
export interface OperatorCommand {
  orderId: string;
  step: string;
  context: CommandContext;
}

/** The gateway validates first; this guards the message endpoint against anything else sending junk. */
export function assertOperatorCommand(command: unknown, allowedSteps: readonly string[]): void {
  const fields = (typeof command === 'object' && command !== null ? command : {}) as { orderId?: unknown; step?: unknown; context?: Partial<CommandContext> };
  const errors: FieldError[] = [];
  if (!isUuid(fields.orderId)) errors.push({ field: 'orderId', message: 'must be a UUID' });
  if (typeof fields.step !== 'string' || !allowedSteps.includes(fields.step)) errors.push({ field: 'step', message: `must be one of ${allowedSteps.join(', ')}` });
  const context = fields.context;
  if (typeof context?.commandId !== 'string' || typeof context.correlationId !== 'string' || typeof context.actor?.id !== 'string' || typeof context.actor?.type !== 'string') {
    errors.push({ field: 'context', message: 'must carry commandId, correlationId and actor' });
  }
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'the command is malformed', errors);
}
