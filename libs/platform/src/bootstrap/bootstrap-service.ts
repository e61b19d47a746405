import { ConsoleLogger, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { ConfigError } from '../config/duration';
import { serviceAddress, type ServiceName } from '../config/service-addresses';
import { DomainErrorRpcFilter } from '../messaging/domain-error-rpc.filter';

export function serviceLogger(service: ServiceName): ConsoleLogger {
  return new ConsoleLogger(service, { timestamp: false, colors: false, prefix: 'oms' });
}

/** Starts a service as its own process: its Nest module behind a TCP message endpoint. */
export async function bootstrapService(service: ServiceName, module: Type<unknown>): Promise<INestApplicationContext> {
  const logger = serviceLogger(service);
  try {
    const { port } = serviceAddress(service);
    const host = process.env.BIND_HOST ?? '127.0.0.1';
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
      transport: Transport.TCP,
      options: { host, port },
      logger,
    });
    app.useGlobalFilters(new DomainErrorRpcFilter());
    app.enableShutdownHooks();
    await app.listen();
    logger.log(`ready: messages on tcp://${host}:${port}`);
    return app;
  } catch (error) {
    exitOnStartupFailure(logger, error);
  }
}

export function exitOnStartupFailure(logger: ConsoleLogger, error: unknown): never {
  logger.error(error instanceof ConfigError ? `configuration: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
}
