import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@oms/contracts';
import type { NotificationView, OrderPage, OrderView, TimelineEntry } from '@oms/read-models';
import type { GatewayResponse as Response } from '../http/gateway-request';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/caller';
import { Roles, roleSets } from '../auth/roles';
import { ApiProblems } from '../openapi/api-problems';
import { OrderNumberParamPipe } from '../validation/order-number-param.pipe';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderAsOfQuery } from './dto/order-as-of.query';
import {
  NotificationView as NotificationViewSchema,
  OrderPage as OrderPageSchema,
  OrderView as OrderViewSchema,
  TimelineEntryView,
} from './dto/order-view.schema';
import { HistoryPageSchema, OrderHistory, OrderHistoryQuery, type HistoryPage } from './order-history';
import { OrderReads } from './order-reads';
import { orderHeadersDoc, withOrderHeaders } from './order-response';

function orderNotFound(id: string): DomainError {
  return new DomainError('ORDER_NOT_FOUND', `no order ${id}`);
}

/**
 * Reads come from the read models, which may lag a command by the projection delay; the
 * auditor's `asOf` and `history` are rebuilt from the event store by the ordering service.
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@Roles(...roleSets.orderReads)
export class OrderQueriesController {
  constructor(
    private readonly reads: OrderReads,
    private readonly history: OrderHistory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List orders, newest first', description: 'Roles: client, operator, auditor, admin. Keyset-paged: pass `nextCursor` as `cursor`.' })
  @ApiOkResponse({ type: OrderPageSchema })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN')
  list(@Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.reads.list({ ...query });
  }

  @Get('by-number/:orderNumber')
  @ApiOperation({ summary: 'An order by its number', description: 'Roles: client, operator, auditor, admin.' })
  @ApiParam({ name: 'orderNumber', example: 'ORD-2026-000042', schema: { type: 'string', pattern: '^ORD-\\d{4}-\\d{6,}$' } })
  @ApiOkResponse({ type: OrderViewSchema, headers: orderHeadersDoc })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND')
  async byNumber(@Param('orderNumber', OrderNumberParamPipe) orderNumber: string, @Res({ passthrough: true }) response: Response): Promise<OrderView> {
    const order = await this.reads.orderByNumber(orderNumber);
    if (!order) throw orderNotFound(orderNumber);
    return withOrderHeaders(response, order);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An order',
    description:
      'Roles: client, operator, auditor, admin. With `asOf` (auditor, admin only): the order rebuilt from the events of its streams ' +
      '(module states from the modules’ own events) that the store had recorded by that instant (store time, not the writer’s occurredAt); ' +
      'never from a read model. 404 when the order had not been placed by then.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: OrderViewSchema, headers: orderHeadersDoc, description: 'The order view (without ETag when `asOf` is given: that view is not current).' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND')
  async get(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: OrderAsOfQuery,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderView> {
    if (query.asOf !== undefined) {
      if (!(roleSets.auditReads as readonly string[]).includes(caller.role)) {
        throw new DomainError('FORBIDDEN', `asOf is for auditors; the ${caller.role} role may not use it`);
      }
      return this.history.orderAsOf(id, new Date(query.asOf));
    }
    const order = await this.reads.order(id);
    if (!order) throw orderNotFound(id);
    return withOrderHeaders(response, order);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: "An order's status history, oldest first", description: 'Roles: client, operator, auditor, admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND')
  async timeline(@Param('id', UuidParamPipe) id: string): Promise<TimelineEntry[]> {
    await this.existing(id);
    return this.reads.timeline(id);
  }

  @Get(':id/notifications')
  @Roles(...roleSets.operatorReads)
  @ApiOperation({ summary: 'Notifications sent for an order', description: 'Roles: operator, auditor, admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [NotificationViewSchema] })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND')
  async notifications(@Param('id', UuidParamPipe) id: string): Promise<NotificationView[]> {
    await this.existing(id);
    return this.reads.notifications(id);
  }

  @Get(':id/history')
  @Roles(...roleSets.auditReads)
  @ApiOperation({
    summary: 'Every event about an order, paged',
    description:
      'Roles: auditor, admin. The events of every module stream of the order (order-, invoice-, shipment-, booking-, notification-<id>) ' +
      'in global order, with data and metadata, read from the event store (never from a read model). Paged: pass `nextAfter` as `after` ' +
      'for the next page until it is null. Events still being committed appear once every earlier transaction has ended.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: HistoryPageSchema })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'ORDER_NOT_FOUND')
  events(@Param('id', UuidParamPipe) id: string, @Query() query: OrderHistoryQuery): Promise<HistoryPage> {
    return this.history.events(id, { after: query.after, limit: query.limit });
  }

  private async existing(id: string): Promise<void> {
    if (!(await this.reads.order(id))) throw orderNotFound(id);
  }
}
