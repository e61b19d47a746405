import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthRegistry, type HealthReport } from './health-registry';

export const HEALTH_PATTERN = 'health';

/** Every service answers `health` on its message endpoint; the gateway aggregates them. */
@Controller()
export class ServiceHealthController {
  constructor(private readonly health: HealthRegistry) {}

  @MessagePattern(HEALTH_PATTERN)
  check(): Promise<HealthReport> {
    return this.health.report();
  }
}
