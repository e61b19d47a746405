import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { orderingPatterns, type CommandContext, type OrderCommandReply, type PlaceHoldCommand, type ReleaseHoldCommand } from '@oms/contracts';
import type { OrderView } from '@oms/read-models';
import type { GatewayResponse as Response } from '../http/gateway-request';
import { Roles, roleSets } from '../auth/roles';
import { ExpectedVersion } from '../concurrency/if-match';
import { OrderCommandHeaders } from '../openapi/api-headers';
import { ApiProblems } from '../openapi/api-problems';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CommandContextOf } from './command-context';
import { OrderView as OrderViewSchema, OrderWithHoldView } from './dto/order-view.schema';
import { PlaceHoldDto } from './dto/place-hold.dto';
import { ReasonDto } from './dto/reason.dto';
import { orderHeadersDoc, withOrderHeaders } from './order-response';
import { ServiceClients } from './service-clients';

/** Operator holds: an active hold blocks every transition of the order except cancellation. */
@ApiTags('holds')
@ApiBearerAuth()
@Controller('orders/:id/holds')
@Roles(...roleSets.operatorCommands)
export class HoldsController {
  constructor(private readonly services: ServiceClients) {}

  /** The reply is the order view with the new hold's id beside its fields (`{ ...order, holdId }`). */
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Place a hold', description: 'Roles: operator, admin. Answers 200 with the order view plus `holdId`, the hold just placed.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse({ type: OrderWithHoldView, headers: orderHeadersDoc, description: 'The order as the command left it, and the new hold id.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'INVALID_TRANSITION', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  async place(
    @Param('id', UuidParamPipe) orderId: string,
    @Body() body: PlaceHoldDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView & { holdId: string | undefined }> {
    const command: PlaceHoldCommand = { orderId, expectedVersion, type: body.type, reason: body.reason, context };
    const reply = await this.services.ordering.send<OrderCommandReply<OrderView>>(orderingPatterns.placeHold, command);
    return withOrderHeaders(response, { ...reply.order, holdId: reply.holdId });
  }

  @Post(':holdId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a hold', description: 'Roles: operator, admin. Releasing the last hold lets the order move on by itself.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'holdId', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse({ type: OrderViewSchema, headers: orderHeadersDoc, description: 'The order as the command left it.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'HOLD_NOT_FOUND', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  async release(
    @Param('id', UuidParamPipe) orderId: string,
    @Param('holdId', UuidParamPipe) holdId: string,
    @Body() body: ReasonDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: ReleaseHoldCommand = { orderId, expectedVersion, holdId, reason: body.reason, context };
    const reply = await this.services.ordering.send<OrderCommandReply<OrderView>>(orderingPatterns.releaseHold, command);
    return withOrderHeaders(response, reply.order);
  }
}
