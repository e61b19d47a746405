import { ApiProperty } from '@nestjs/swagger';
import { CurrencyField, MinorUnitsField, TextField } from '../../validation/field-rules';

/** The payment provider's callback; repeating a paymentId changes nothing. */
export class RecordPaymentDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'pay_8f2k1' })
  @TextField(1, 200)
  paymentId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 9998, description: 'Minor units; must equal the order total.' })
  @MinorUnitsField()
  amount!: number;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR', description: 'Must be the order currency.' })
  @CurrencyField()
  currency!: string;
}
