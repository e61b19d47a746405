import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderView } from '@oms/read-models';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { OptionalField } from '../validation/field-rules';
import { ServiceClients } from './service-clients';

/** Message patterns the ordering service answers for auditors (rebuilt from the event store). */
export const orderHistoryPatterns = {
  /** `{ orderId, at }` (ISO 8601) → the order view as it stood then (ORDER_NOT_FOUND if not yet placed). */
  asOf: 'ordering.as-of',
  /** `{ orderId, after?, limit? }` → one page of every event of every module about the order, in global order. */
  history: 'ordering.history',
} as const;

export const MAX_HISTORY_PAGE = 1_000;
export const DEFAULT_HISTORY_PAGE = 100;

/** Query strings are text: only plain digits become a number; anything else fails `IsInt`. */
const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class OrderHistoryQuery {
  @ApiPropertyOptional({
    type: String,
    pattern: '^\\d{1,19}$',
    example: '2199023255552',
    description: 'Exclusive global position: the `nextAfter` of the previous page. Absent: from the first event.',
  })
  @OptionalField()
  @Matches(/^\d{1,19}$/, { message: '$property must be a global position (digits), the nextAfter of the previous page' })
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_HISTORY_PAGE, default: DEFAULT_HISTORY_PAGE })
  @OptionalField()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_PAGE)
  limit?: number;
}

/** OpenAPI schema of one event of the history (CONTRACT §4 envelope). */
export class HistoryEventSchema {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'OrderPlaced' }) type!: string;
  @ApiProperty({ example: 'invoice-0195f3c1-…', description: 'order-, invoice-, shipment-, booking- or notification-<orderId>' }) stream!: string;
  @ApiProperty({ type: 'integer', description: '0-based revision within the stream.' }) revision!: number;
  @ApiProperty({ type: String, example: '2199023255553', description: 'Global position (a 64-bit integer, as a string): the order of the whole log.' })
  position!: string;
  @ApiProperty({ format: 'date-time', description: 'When the store recorded it: the time `asOf` cuts at.' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'orderId, correlationId (the originating request), causationId (the command or event that caused it), actor { type, id, role }, ' +
      'occurredAt (writer time), schemaVersion (as recorded), hash and previousHash (the stream’s sha256 chain), upcastedTo (when the data was upcast to a newer schema on read).',
  })
  metadata!: Record<string, unknown>;
}

export class HistoryPageSchema {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ type: [HistoryEventSchema], description: 'In global order (by position).' }) events!: HistoryEventSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) nextAfter!: string | null;
}

export interface HistoryPage {
  orderId: string;
  events: unknown[];
  nextAfter: string | null;
}

/** The audit view of an order: rebuilt from its events rather than read from a projection. */
export abstract class OrderHistory {
  abstract orderAsOf(orderId: string, at: Date): Promise<OrderView>;
  abstract events(orderId: string, page?: { after?: string; limit?: number }): Promise<HistoryPage>;
}

@Injectable()
export class OrderingServiceHistory extends OrderHistory {
  constructor(private readonly services: ServiceClients) {
    super();
  }

  orderAsOf(orderId: string, at: Date): Promise<OrderView> {
    return this.services.ordering.send<OrderView>(orderHistoryPatterns.asOf, { orderId, at: at.toISOString() });
  }

  events(orderId: string, page: { after?: string; limit?: number } = {}): Promise<HistoryPage> {
    return this.services.ordering.send<HistoryPage>(orderHistoryPatterns.history, {
      orderId,
      ...(page.after !== undefined ? { after: page.after } : {}),
      limit: page.limit ?? DEFAULT_HISTORY_PAGE,
    });
  }
}
