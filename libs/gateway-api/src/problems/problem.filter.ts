import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isDomainError } from '@oms/contracts';
import type { GatewayRequest as Request, GatewayResponse as Response } from '../http/gateway-request';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem-details';
import { problemFor } from './problem-for';

/** Renders every failure of an HTTP request (route, guard, pipe, body parser, 404) as a problem. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const path = request.originalUrl.split('?')[0];
    const { problem, unexpected } = problemFor(exception, { method: request.method, path });
    if (unexpected) {
      const where = `${request.method} ${path} → ${problem.status} [correlation ${response.getHeader('x-correlation-id') ?? '-'}]`;
      // A service that is down is an operational condition (one line); anything else is a bug (with its stack).
      if (isDomainError(exception)) this.logger.warn(`${where}: ${exception.message}`);
      else this.logger.error(`${where}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    sendProblem(response, problem);
  }
}

export function sendProblem(response: Response, problem: Problem): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  if (problem.code === 'UNAUTHORIZED') response.setHeader('WWW-Authenticate', 'Bearer realm="oms"');
  if (problem.code === 'SERVICE_UNAVAILABLE') response.setHeader('Retry-After', '1');
  // ETag / Location set by a handler before it failed do not describe this response.
  response.removeHeader('ETag');
  response.removeHeader('Location');
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
