import { ApiPropertyOptional } from '@nestjs/swagger';
import { InstantField, OptionalField } from '../../validation/field-rules';

export class OrderAsOfQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-01T12:00:00Z',
    description: 'Auditor/admin only: the order rebuilt from its events as it stood at this instant.',
  })
  @OptionalField()
  @InstantField()
  asOf?: string;
}
