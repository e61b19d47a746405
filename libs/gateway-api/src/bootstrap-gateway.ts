import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exitOnStartupFailure, loadPlatformConfig, serviceLogger } from '@oms/platform';
import { GatewayModule } from './gateway.module';
import { answerUnknownRoutes, configureGatewayHttp } from './http/configure-gateway-http';

export interface GatewayAppOptions {
  /** Default: the service logger. Tests pass `false`. */
  logger?: LoggerService | LogLevel[] | false;
}

/** Creates the gateway's HTTP application, configured and initialised but not listening (also used by the tests). */
export async function createGatewayApp(options: GatewayAppOptions = {}): Promise<INestApplication> {
  // Nest's own body parser is off: ours (configureGatewayHttp) is limited to 1 MB and comes after the correlation id.
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, { logger: options.logger ?? serviceLogger('gateway'), bodyParser: false });
  configureGatewayHttp(app);
  app.enableShutdownHooks();
  await app.init();
  answerUnknownRoutes(app);
  return app;
}

export async function bootstrapGateway(): Promise<void> {
  const logger = serviceLogger('gateway');
  try {
    const { port } = loadPlatformConfig();
    const app = await createGatewayApp();
    await app.listen(port, process.env.BIND_HOST ?? '127.0.0.1');
    logger.log(`ready: http://127.0.0.1:${port}/api/v1 (docs at /docs)`);
  } catch (error) {
    exitOnStartupFailure(logger, error);
  }
}
