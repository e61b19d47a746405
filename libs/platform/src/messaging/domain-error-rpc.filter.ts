import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { isDomainError } from '@oms/contracts';
import { toRpcException } from './rpc-error';

/**
 * Service side of a command: a DomainError travels back as its closed name; anything else is
 * logged here and travels as SERVICE_UNAVAILABLE, so no internal detail leaks to clients.
 */
@Catch()
export class DomainErrorRpcFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Rpc');

  catch(exception: unknown): Observable<unknown> {
    if (isDomainError(exception)) return throwError(() => toRpcException(exception).getError());
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return throwError(() => ({ code: 'SERVICE_UNAVAILABLE', message: 'the service could not handle the command; retry later' }));
  }
}
