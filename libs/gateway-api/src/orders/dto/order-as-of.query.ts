import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { OptionalField } from '../../validation/field-rules';

export class OrderAsOfQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-01T12:00:00Z',
    description: 'Auditor/admin only: the order rebuilt from its events as it stood at this instant.',
  })
  @OptionalField()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;
}
