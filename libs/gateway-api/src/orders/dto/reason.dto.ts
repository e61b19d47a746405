import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../validation/field-rules';

/** Body of a hold release and of a booking failure: why. */
export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'documents received' })
  @TextField(1, 500)
  reason!: string;
}
