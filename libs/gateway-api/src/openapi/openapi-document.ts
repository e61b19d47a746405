import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDetailsSchema } from '../problems/problem-details';

export const DOCS_PATH = 'docs';

/** The OpenAPI document, generated from the controllers, DTOs and their decorators. */
export function gatewayOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Order management API')
    .setDescription(
      [
        'CONTRACT §2. JSON in and out; money is an integer in minor units with an ISO 4217 currency; ids are UUIDs; times are ISO 8601 UTC.',
        'Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`.',
        'Every request may carry `X-Correlation-Id` (≤ 100 of `[A-Za-z0-9._-]`); every response echoes it (a new one when absent or invalid).',
        'Every POST/PUT/DELETE accepts `Idempotency-Key`; order commands accept `If-Match` with the ETag (order version).',
        'Roles: client (place, pay, cancel, read orders), operator (also holds and module operations), auditor (read everything, history, asOf), admin (all).',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'An API key (API_KEYS; dev-client, dev-operator, dev-auditor, dev-admin outside production).' })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsSchema] });
}

/** UI at /docs, JSON at /docs-json: both outside the API prefix and needing no key. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => gatewayOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}-json`, customSiteTitle: 'OMS API' });
}
