import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { CurrencyField, OptionalField, TextField } from '../../validation/field-rules';
import { NewOrderLineDto } from './new-order-line.dto';

export const MAX_ORDER_LINES = 100;

/** Where the order comes from: repeating the same intent returns the same order. */
export class OrderIntentDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'webshop' })
  @TextField(1, 100)
  sourceSystem!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'cart-7f3a' })
  @TextField(1, 200)
  orderIntentId!: string;
}

export class PlaceOrderDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'cust-42' })
  @TextField(1, 100)
  customerId!: string;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217 code.' })
  @CurrencyField()
  currency!: string;

  @ApiPropertyOptional({ type: [NewOrderLineDto], maxItems: MAX_ORDER_LINES, default: [], description: 'May be empty (lines can be added while pending).' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ValidateNested({ each: true })
  @Type(() => NewOrderLineDto)
  lines?: NewOrderLineDto[];

  @ApiPropertyOptional({ type: OrderIntentDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => OrderIntentDto)
  intent?: OrderIntentDto;
}
