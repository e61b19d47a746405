import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, type Actor } from '@oms/contracts';
import type { ApiRole } from '@oms/platform';
import type { GatewayRequest } from '../http/gateway-request';

/** Who is calling: the API key's non-secret id and its role. */
export interface Caller {
  keyId: string;
  role: ApiRole;
}

export function actorOf(caller: Caller): Actor {
  return { type: 'user', id: caller.keyId, role: caller.role };
}

/** The caller the API key guard identified. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<GatewayRequest>().caller;
  // Only reachable on a route the guard let through without a key: a wiring mistake.
  if (!caller) throw new DomainError('UNAUTHORIZED', 'an API key is required');
  return caller;
});
