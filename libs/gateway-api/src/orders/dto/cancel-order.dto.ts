import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { clientCancellationReasons } from '@oms/contracts';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { OptionalField } from '../../validation/field-rules';

export type ClientCancellationReason = (typeof clientCancellationReasons)[number];

export class CancelOrderDto {
  @ApiProperty({ enum: clientCancellationReasons, example: 'CUSTOMER_REQUEST' })
  @IsIn(clientCancellationReasons)
  reason!: ClientCancellationReason;

  @ApiPropertyOptional({ maxLength: 1000, example: 'changed my mind' })
  @OptionalField()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
