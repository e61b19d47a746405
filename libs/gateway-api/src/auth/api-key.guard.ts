import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@oms/contracts';
import type { ApiRole } from '@oms/platform';
import type { GatewayRequest } from '../http/gateway-request';
import { ApiKeyRing, bearerToken } from './api-key-ring';
import { PUBLIC_KEY, ROLES_KEY } from './roles';

/** `Authorization: Bearer <key>`: unknown or missing → 401, known but wrong role → 403. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyRing,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    const caller = this.keys.identify(bearerToken(request.headers.authorization));
    if (!caller) throw new DomainError('UNAUTHORIZED', 'send a valid API key as Authorization: Bearer <key>');
    const allowed = this.reflector.getAllAndOverride<readonly ApiRole[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!allowed.includes(caller.role)) throw new DomainError('FORBIDDEN', `the ${caller.role} role may not do this (allowed: ${allowed.join(', ')})`);
    request.caller = caller;
    return true;
  }
}
