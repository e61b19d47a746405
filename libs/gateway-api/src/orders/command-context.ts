import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, derivedId, newId, type CommandContext } from '@oms/contracts';
import { actorOf } from '../auth/caller';
import type { GatewayRequest } from '../http/gateway-request';

/**
 * Who sends the command and which request it belongs to. Under an Idempotency-Key the
 * command id is derived from (API key, idempotency key, request), so the retry of a request
 * whose first attempt ended in 503 carries the same command id as that attempt.
 */
export function commandContextOf(request: GatewayRequest): CommandContext {
  if (!request.caller) throw new DomainError('UNAUTHORIZED', 'an API key is required');
  const commandId = request.idempotency
    ? derivedId('gateway-command', request.caller.keyId, request.idempotency.key, request.idempotency.requestHash)
    : newId();
  return { correlationId: request.correlationId ?? newId(), commandId, causationId: commandId, actor: actorOf(request.caller) };
}

export const CommandContextOf = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext =>
  commandContextOf(context.switchToHttp().getRequest<GatewayRequest>()),
);
