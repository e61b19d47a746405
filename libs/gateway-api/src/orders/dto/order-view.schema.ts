import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { cancellationReasons, holdTypes, orderStatuses, productTypes } from '@oms/contracts';

/** OpenAPI schemas of the order view (CONTRACT §2). Documentation only: the data comes from the services. */

export class OrderLineView {
  @ApiProperty({ format: 'uuid' }) lineId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ enum: productTypes }) productType!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units.' }) unitPrice!: number;
  @ApiProperty({ type: 'integer', description: 'quantity × unitPrice, minor units.' }) subtotal!: number;
}

export class OrderTotalsView {
  @ApiProperty({ type: 'integer' }) subtotal!: number;
  @ApiProperty({ type: 'integer' }) tax!: number;
  @ApiProperty({ type: 'integer' }) discount!: number;
  @ApiProperty({ type: 'integer' }) total!: number;
}

export class ModuleStateView {
  @ApiProperty({ example: 'issued' }) state!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A module key is present only when that module keeps a row for the order. */
export class OrderModulesView {
  @ApiPropertyOptional({ type: ModuleStateView, description: 'pending, issued, paid, refunded' }) finance?: ModuleStateView;
  @ApiPropertyOptional({ type: ModuleStateView, description: 'waiting, picked, packed, shipped, delivered, returned, cancelled' }) logistics?: ModuleStateView;
  @ApiPropertyOptional({ type: ModuleStateView, description: 'pending, reserved, confirmed, travelled, cancelled' }) travel?: ModuleStateView;
}

export class HoldView {
  @ApiProperty({ format: 'uuid' }) holdId!: string;
  @ApiProperty({ enum: holdTypes }) type!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
}

export class CancellationView {
  @ApiProperty({ enum: cancellationReasons }) reason!: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time' }) cancelledAt!: string;
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ORD-2026-000042' }) orderNumber!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: orderStatuses }) status!: string;
  @ApiProperty({ type: [OrderLineView] }) lines!: OrderLineView[];
  @ApiProperty({ type: OrderTotalsView }) totals!: OrderTotalsView;
  @ApiProperty({ type: OrderModulesView }) modules!: OrderModulesView;
  @ApiProperty({ type: [HoldView], description: 'Active holds only.' }) holds!: HoldView[];
  @ApiPropertyOptional({ type: CancellationView }) cancellation?: CancellationView;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag; send it back as If-Match.' }) version!: number;
}

/** Reply of `POST /orders/:id/holds`: the order view, plus the id of the hold just placed. */
export class OrderWithHoldView extends OrderView {
  @ApiProperty({ format: 'uuid', description: 'The hold just placed (release it with POST …/holds/{holdId}/release).' }) holdId!: string;
}

export class OrderPage {
  @ApiProperty({ type: [OrderView] }) items!: OrderView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class TimelineEntryView {
  @ApiProperty({ example: 'logistics' }) module!: string;
  @ApiProperty({ example: 'logistics:shipped' }) statusCode!: string;
  @ApiProperty({ example: 'fulfilment' }) category!: string;
  @ApiProperty({ example: 'info' }) severity!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty({ enum: ['order_confirmed', 'order_completed', 'order_cancelled'] }) kind!: string;
  @ApiProperty({ enum: ['email', 'log'] }) channel!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
}

export class ModuleRowView {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: ['logistics', 'travel'] }) module!: string;
  @ApiProperty({ example: 'picked' }) state!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
