import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { productTypes, type ProductType } from '@oms/contracts';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { MinorUnitsField, OptionalField, TextField } from '../../validation/field-rules';

export const MAX_LINE_QUANTITY = 10_000;

/** One line of a new order, or a line added to a pending one. */
export class NewOrderLineDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'SKU-CHAIR-01' })
  @TextField(1, 100)
  sku!: string;

  @ApiProperty({ enum: productTypes, example: 'physical' })
  @IsIn(productTypes)
  productType!: ProductType;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LINE_QUANTITY, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 4999, description: 'Minor units (cents) of the order currency.' })
  @MinorUnitsField()
  unitPrice!: number;

  @ApiPropertyOptional({ maxLength: 500, example: 'Oak chair' })
  @OptionalField()
  @IsString()
  @MaxLength(500)
  description?: string;
}
