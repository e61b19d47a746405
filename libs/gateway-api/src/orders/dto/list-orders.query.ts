import { ApiPropertyOptional } from '@nestjs/swagger';
import { orderStatuses, type OrderStatus } from '@oms/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min, MaxLength } from 'class-validator';
import { InstantField, OptionalField, TextField } from '../../validation/field-rules';

export const MAX_PAGE_SIZE = 100;

/** Query strings are text: only plain digits become a number; anything else fails `IsInt`. */
const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

export class ListOrdersQuery {
  @ApiPropertyOptional({ enum: orderStatuses })
  @OptionalField()
  @IsIn(orderStatuses)
  status?: OrderStatus;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @OptionalField()
  @TextField(1, 100)
  customerId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive lower bound of createdAt (ISO 8601).' })
  @OptionalField()
  @InstantField()
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive upper bound of createdAt (ISO 8601).' })
  @OptionalField()
  @InstantField()
  createdTo?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @OptionalField()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'The `nextCursor` of the previous page.' })
  @OptionalField()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
