import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthRegistry, type HealthReport } from '@oms/platform';
import type { GatewayResponse as Response } from '../http/gateway-request';
import { Public } from '../auth/roles';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness', description: 'No key needed.' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['up'] } } } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Stores reachable, every service answering and its subscriptions running; 503 with the same
   * report otherwise (not a problem document: the report says what is down, for operators).
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness', description: 'No key needed. 503 with the report when anything is down.' })
  @ApiOkResponse({ description: 'Everything is up.' })
  @ApiServiceUnavailableResponse({ description: 'Something is down: the report says what.' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.report();
    if (report.status !== 'up') response.status(503);
    return report;
  }
}
