import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveOpenApi } from '../openapi/openapi-document';
import { ProblemFilter } from '../problems/problem.filter';
import { gatewayValidationPipe } from '../validation/gateway-validation-pipe';
import { problem } from '../problems/problem-details';
import { sendProblem } from '../problems/problem.filter';
import { correlationIdMiddleware } from './correlation-id';
import type { GatewayRequest, GatewayResponse } from './gateway-request';

export const API_PREFIX = 'api/v1';
export const MAX_BODY = '1mb';

/**
 * The HTTP edge, in the order requests meet it: correlation id (so that every response,
 * refusals of the body parser included, carries one), a JSON body parser limited to 1 MB,
 * then routes under /api/v1 (health and docs outside it), validation and problem rendering.
 */
export function configureGatewayHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Our ETag is the order version (If-Match's value); Express's body hashes would be confused with it.
  express.set('etag', false);
  express.use(correlationIdMiddleware);
  express.useBodyParser('json', { limit: MAX_BODY });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'docs', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(gatewayValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  serveOpenApi(app);
}

/**
 * Nest answers unknown paths under the prefix itself; this answers everything else (`/`,
 * `/api/v2/…`) with the same problem. Installed after `init()`, so it is the last handler.
 */
export function answerUnknownRoutes(app: INestApplication): void {
  app.use((request: GatewayRequest, response: GatewayResponse) => {
    sendProblem(response, problem('NOT_FOUND', `no route ${request.method} ${request.originalUrl.split('?')[0].slice(0, 200)}`));
  });
}
