import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DomainErrorRpcFilter, serviceAddress, type ServiceName } from '@oms/platform';
import { freePort } from '@oms/testing';

/**
 * Points every service address of this process at a free loopback port and sets the platform's
 * settings, as `npm start` does for its child processes. Call before any module is created.
 */
export async function useTestEnvironment(databaseUrl: string, settings: Record<string, string> = {}): Promise<void> {
  process.env.DATABASE_URL = databaseUrl;
  for (const service of ['ordering', 'finance', 'logistics', 'travel', 'notification', 'process-manager'] as const) {
    process.env[`${service.toUpperCase().replace(/-/g, '_')}_ADDRESS`] = `127.0.0.1:${await freePort()}`;
  }
  Object.assign(process.env, settings);
}

/** A service's Nest module in this process, behind its TCP message endpoint as in production. */
export async function startService(service: ServiceName, module: Type<unknown>): Promise<INestApplicationContext> {
  const { host, port } = serviceAddress(service);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, { transport: Transport.TCP, options: { host, port }, logger: ['error'] });
  app.useGlobalFilters(new DomainErrorRpcFilter());
  await app.listen();
  return app;
}

/** A service without a message endpoint of interest to the spec (reactors only). */
export function startContext(module: Type<unknown>): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(module, { logger: ['error'] });
}
