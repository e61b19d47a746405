import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HEALTH_PATTERN, HealthRegistry, ServiceClient, type HealthReport, type ServiceName } from '@oms/platform';

/** The services whose readiness the gateway's readiness includes. */
export function servicesBehindGateway(env: NodeJS.ProcessEnv = process.env): ServiceName[] {
  const services: ServiceName[] = ['ordering', 'finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector'];
  return env.KAFKA_BROKERS ? [...services, 'kafka-relay'] : services;
}

@Injectable()
export class ServicesHealth implements OnModuleInit, OnApplicationShutdown {
  private readonly clients = servicesBehindGateway().map((service) => new ServiceClient(service, 1_500));

  constructor(private readonly health: HealthRegistry) {}

  onModuleInit(): void {
    for (const client of this.clients) {
      this.health.register({
        name: client.service,
        check: async () => {
          const report = await client.send<HealthReport>(HEALTH_PATTERN, {});
          if (report.status !== 'up') {
            const down = Object.entries(report.checks).filter(([, check]) => check.status !== 'up');
            throw new Error(down.map(([name, check]) => `${name}: ${check.detail ?? 'down'}`).join('; '));
          }
        },
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
