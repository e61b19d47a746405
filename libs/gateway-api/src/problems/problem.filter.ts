import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
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
    const { problem, unexpected } = problemFor(exception, { method: request.method, path: request.originalUrl.split('?')[0] });
    if (unexpected) {
      const reason = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`${request.method} ${request.path} → ${problem.status} [correlation ${response.getHeader('x-correlation-id') ?? '-'}]: ${reason}`);
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
