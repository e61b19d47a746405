import { applyDecorators, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { travelPatterns, type AdvanceBookingCommand, type BookingStep, type CommandContext, type ModuleRowReply } from '@oms/contracts';
import { Roles, roleSets } from '../auth/roles';
import { IdempotencyKeyHeader } from '../openapi/api-headers';
import { ApiProblems } from '../openapi/api-problems';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CommandContextOf } from './command-context';
import { EmptyBodyDto } from './dto/empty-body.dto';
import { ModuleRowView } from './dto/order-view.schema';
import { ReasonDto } from './dto/reason.dto';
import { ServiceClients } from './service-clients';

function StepDocs(summary: string, description: string) {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary, description: `Roles: operator, admin. ${description}` }),
    ApiParam({ name: 'id', format: 'uuid' }),
    IdempotencyKeyHeader(),
    ApiOkResponse({ type: ModuleRowView, description: 'The booking as the step left it.' }),
    ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BOOKING_NOT_FOUND', 'INVALID_TRANSITION', 'ORDER_ON_HOLD', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE'),
  );
}

/** Operator operations on the travel module's booking, sent to the travel service. */
@ApiTags('booking')
@ApiBearerAuth()
@Controller('orders/:id/booking')
@Roles(...roleSets.operatorCommands)
export class BookingController {
  constructor(private readonly services: ServiceClients) {}

  private advance(orderId: string, step: BookingStep, context: CommandContext, reason?: string): Promise<ModuleRowReply> {
    const command: AdvanceBookingCommand = { orderId, step, ...(reason !== undefined ? { reason } : {}), context };
    return this.services.travel.send<ModuleRowReply>(travelPatterns.advance, command);
  }

  @Post('confirm')
  @StepDocs('Booking: the supplier confirmed', 'Body: `{}` or none. reserved → confirmed.')
  confirm(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'confirm', context);
  }

  @Post('travel')
  @StepDocs('Booking: the trip was taken', 'Body: `{}` or none. confirmed → travelled.')
  travel(@Param('id', UuidParamPipe) orderId: string, @Body() _body: EmptyBodyDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'travel', context);
  }

  @Post('fail')
  @StepDocs('Booking: the supplier rejected it', 'Cancels the order (reason BOOKING_FAILED); every module undoes its part.')
  fail(@Param('id', UuidParamPipe) orderId: string, @Body() body: ReasonDto, @CommandContextOf() context: CommandContext): Promise<ModuleRowReply> {
    return this.advance(orderId, 'fail', context, body.reason);
  }
}
