import { applyDecorators, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { logisticsPatterns, type AdvanceShipmentCommand, type CommandContext, type ModuleRowReply, type ShipmentStep } from '@oms/contracts';
import { Roles, roleSets } from '../auth/roles';
import { IdempotencyKeyHeader } from '../openapi/api-headers';
import { ApiProblems } from '../openapi/api-problems';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CommandContextOf } from './command-context';
import { EmptyBodyDto } from './dto/empty-body.dto';
import { ModuleRowView } from './dto/order-view.schema';
import { ServiceClients } from './service-clients';

/** One documented route per step, each answered with the shipment row as the step left it. */
function StepDocs(step: ShipmentStep, what: string) {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({
      summary: `Shipment: ${what}`,
      description: `Roles: operator, admin. Body: \`{}\` or none. Logistics step \`${step}\` (waiting → picked → packed → shipped → delivered → returned); any other order of steps → 409 INVALID_TRANSITION.`,
    }),
    ApiParam({ name: 'id', format: 'uuid' }),
    IdempotencyKeyHeader(),
    ApiOkResponse({ type: ModuleRowView, description: 'The shipment as the step left it.' }),
    ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'SHIPMENT_NOT_FOUND', 'INVALID_TRANSITION', 'ORDER_ON_HOLD', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE'),
  );
}

/** Operator operations on the logistics module's shipment, sent to the logistics service. */
@ApiTags('shipment')
@ApiBearerAuth()
@Controller('orders/:id/shipment')
@Roles(...roleSets.operatorCommands)
export class ShipmentController {
  constructor(private readonly services: ServiceClients) {}

  private advance(orderId: string, step: ShipmentStep, context: CommandContext): Promise<ModuleRowReply> {
    const command: AdvanceShipmentCommand = { orderId, step, context };
    return this.services.logistics.send<ModuleRowReply>(logisticsPatterns.advance, command);
  }

  @Post('pick')
  @StepDocs('pick', 'picked')
  pick(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'pick', context);
  }

  @Post('pack')
  @StepDocs('pack', 'packed')
  pack(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'pack', context);
  }

  @Post('ship')
  @StepDocs('ship', 'shipped')
  ship(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'ship', context);
  }

  @Post('deliver')
  @StepDocs('deliver', 'delivered')
  deliver(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'deliver', context);
  }

  @Post('return')
  @StepDocs('return', 'returned')
  returned(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'return', context);
  }
}
