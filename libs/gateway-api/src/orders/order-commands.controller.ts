import { Body, Controller, Delete, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  orderingPatterns,
  type AddLineCommand,
  type ChangeLineQuantityCommand,
  type CommandContext,
  type NewOrderLine,
  type OrderCommandReply,
  type PlaceOrderCommand,
  type RecordPaymentCommand,
  type RemoveLineCommand,
  type RequestCancellationCommand,
} from '@oms/contracts';
import type { OrderView } from '@oms/read-models';
import type { GatewayResponse as Response } from '../http/gateway-request';
import { Roles, roleSets } from '../auth/roles';
import { ExpectedVersion } from '../concurrency/if-match';
import { IdempotencyKeyHeader, OrderCommandHeaders } from '../openapi/api-headers';
import { ApiProblems } from '../openapi/api-problems';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CommandContextOf } from './command-context';
import { CancelOrderDto } from './dto/cancel-order.dto';
import { ChangeQuantityDto } from './dto/change-quantity.dto';
import { NewOrderLineDto } from './dto/new-order-line.dto';
import { OrderView as OrderViewSchema } from './dto/order-view.schema';
import { PlaceOrderDto } from './dto/place-order.dto';
import { RecordPaymentDto } from './dto/record-payment.dto';
import { API_BASE_PATH, orderHeadersDoc, withOrderHeaders } from './order-response';
import { ServiceClients } from './service-clients';

function newOrderLine({ sku, productType, quantity, unitPrice, description }: NewOrderLineDto): NewOrderLine {
  return { sku, productType, quantity, unitPrice, ...(description !== undefined ? { description } : {}) };
}

const orderChanged = { type: OrderViewSchema, headers: orderHeadersDoc, description: 'The order as the command left it.' };

/**
 * The client's commands on an order, sent to the ordering service. Commands on an existing
 * order answer 200 with the order view (also adding a line: the line is part of the order, not
 * a resource of its own); only placing an order answers 201.
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@Roles(...roleSets.clientCommands)
export class OrderCommandsController {
  constructor(private readonly services: ServiceClients) {}

  private async send<Command>(pattern: string, command: Command, response: Response): Promise<OrderView> {
    const reply = await this.services.ordering.send<OrderCommandReply<OrderView>>(pattern, command);
    return withOrderHeaders(response, reply.order);
  }

  @Post()
  @ApiOperation({ summary: 'Place an order', description: 'Roles: client, operator, admin. A repeat of the same `intent` returns the same order with 200.' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: OrderViewSchema, headers: { ...orderHeadersDoc, Location: { description: 'URL of the new order.', schema: { type: 'string' } } }, description: 'Order placed.' })
  @ApiOkResponse({ type: OrderViewSchema, headers: orderHeadersDoc, description: 'The intent was placed before: that order, unchanged.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  async place(@Body() body: PlaceOrderDto, @CommandContextOf() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<OrderView> {
    const command: PlaceOrderCommand = {
      customerId: body.customerId,
      currency: body.currency,
      lines: (body.lines ?? []).map(newOrderLine),
      ...(body.intent ? { intent: { sourceSystem: body.intent.sourceSystem, orderIntentId: body.intent.orderIntentId } } : {}),
      context,
    };
    const reply = await this.services.ordering.send<OrderCommandReply<OrderView>>(orderingPatterns.place, command);
    response.status(reply.existing ? 200 : 201);
    response.setHeader('Location', `${API_BASE_PATH}/orders/${reply.order.id}`);
    return withOrderHeaders(response, reply.order);
  }

  @Post(':id/lines')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a line (pending orders only)', description: 'Roles: client, operator, admin. Answers 200 with the order view (the new line is in `lines`).' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse(orderChanged)
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'INVALID_TRANSITION', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  addLine(
    @Param('id', UuidParamPipe) orderId: string,
    @Body() body: NewOrderLineDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: AddLineCommand = { orderId, expectedVersion, line: newOrderLine(body), context };
    return this.send(orderingPatterns.addLine, command, response);
  }

  @Put(':id/lines/:lineId')
  @ApiOperation({ summary: "Change a line's quantity (pending orders only)", description: 'Roles: client, operator, admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'lineId', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse(orderChanged)
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'LINE_NOT_FOUND', 'INVALID_TRANSITION', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  changeQuantity(
    @Param('id', UuidParamPipe) orderId: string,
    @Param('lineId', UuidParamPipe) lineId: string,
    @Body() body: ChangeQuantityDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: ChangeLineQuantityCommand = { orderId, expectedVersion, lineId, quantity: body.quantity, context };
    return this.send(orderingPatterns.changeLineQuantity, command, response);
  }

  @Delete(':id/lines/:lineId')
  @ApiOperation({ summary: 'Remove a line (pending orders only)', description: 'Roles: client, operator, admin. Answers 200 with the order view.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'lineId', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse(orderChanged)
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'LINE_NOT_FOUND', 'INVALID_TRANSITION', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED')
  removeLine(
    @Param('id', UuidParamPipe) orderId: string,
    @Param('lineId', UuidParamPipe) lineId: string,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: RemoveLineCommand = { orderId, expectedVersion, lineId, context };
    return this.send(orderingPatterns.removeLine, command, response);
  }

  @Post(':id/payments')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a payment (the payment callback) → confirmed',
    description: 'Roles: client, operator, admin. Needs at least one line, amount = total and the order currency (else 422). Repeating a paymentId changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse(orderChanged)
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'ORDER_NOT_FOUND',
    'INVALID_TRANSITION',
    'ORDER_ON_HOLD',
    'CONCURRENCY_CONFLICT',
    'ORDER_EMPTY',
    'PAYMENT_MISMATCH',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYLOAD_TOO_LARGE',
  )
  recordPayment(
    @Param('id', UuidParamPipe) orderId: string,
    @Body() body: RecordPaymentDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: RecordPaymentCommand = { orderId, expectedVersion, paymentId: body.paymentId, amount: body.amount, currency: body.currency, context };
    return this.send(orderingPatterns.recordPayment, command, response);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order', description: 'Roles: client, operator, admin. Allowed until a shipment has shipped; 409 CANCELLATION_NOT_ALLOWED after that.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @OrderCommandHeaders()
  @ApiOkResponse(orderChanged)
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND', 'CANCELLATION_NOT_ALLOWED', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE')
  cancel(
    @Param('id', UuidParamPipe) orderId: string,
    @Body() body: CancelOrderDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    const command: RequestCancellationCommand = {
      orderId,
      expectedVersion,
      reason: body.reason,
      ...(body.note !== undefined ? { note: body.note } : {}),
      context,
    };
    return this.send(orderingPatterns.requestCancellation, command, response);
  }
}
