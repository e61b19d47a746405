import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthRegistry, type HealthReport } from '@oms/platform';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** Stores reachable, every service answering and its subscriptions running; 503 otherwise. */
  @Get('ready')
  async ready(): Promise<HealthReport> {
    const report = await this.health.report();
    if (report.status !== 'up') throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
