import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '@oms/contracts';
import type { Observable } from 'rxjs';
import type { GatewayRequest } from '../http/gateway-request';
import { jsonBodyProblems } from './json-body-safety';

/** Runs before idempotency hashing and DTO validation, which both walk the body. */
@Injectable()
export class JsonBodySafetyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const problems = jsonBodyProblems(context.switchToHttp().getRequest<GatewayRequest>().body);
      if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'the request body is not acceptable', problems);
    }
    return next.handle();
  }
}
