import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { OrderView } from '@oms/read-models';
import { OrderHistory, orderHistoryPatterns, type AsOfQuery, type HistoryPage, type HistoryQuery } from './order-history';

/** The ordering service's audit endpoint: history and as-of views, rebuilt from the event store. */
@Controller()
export class OrderHistoryController {
  constructor(private readonly history: OrderHistory) {}

  @MessagePattern(orderHistoryPatterns.history)
  page(@Payload() query: HistoryQuery): Promise<HistoryPage> {
    return this.history.page(query);
  }

  @MessagePattern(orderHistoryPatterns.asOf)
  asOf(@Payload() query: AsOfQuery): Promise<OrderView> {
    return this.history.asOf(query);
  }
}
