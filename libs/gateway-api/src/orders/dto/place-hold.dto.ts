import { ApiProperty } from '@nestjs/swagger';
import { holdTypes, type HoldType } from '@oms/contracts';
import { IsIn } from 'class-validator';
import { TextField } from '../../validation/field-rules';

export class PlaceHoldDto {
  @ApiProperty({ enum: holdTypes, example: 'MANUAL_REVIEW' })
  @IsIn(holdTypes)
  type!: HoldType;

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'address needs checking' })
  @TextField(1, 500)
  reason!: string;
}
