import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@oms/platform';
import {
  getNotifications,
  getOrder,
  getOrderByNumber,
  getTimeline,
  listOrders,
  type ListOrdersQuery,
  type NotificationView,
  type OrderPage,
  type OrderView,
  type TimelineEntry,
} from '@oms/read-models';
import type { Pool } from 'pg';

/** Queries answer from the read models (they may lag the commands by the projection delay). */
@Injectable()
export class OrderReads {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  order(id: string): Promise<OrderView | undefined> {
    return getOrder(this.pool, id);
  }

  orderByNumber(orderNumber: string): Promise<OrderView | undefined> {
    return getOrderByNumber(this.pool, orderNumber);
  }

  list(query: ListOrdersQuery): Promise<OrderPage> {
    return listOrders(this.pool, query);
  }

  timeline(orderId: string): Promise<TimelineEntry[]> {
    return getTimeline(this.pool, orderId);
  }

  notifications(orderId: string): Promise<NotificationView[]> {
    return getNotifications(this.pool, orderId);
  }
}
