import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@oms/contracts';

/** `ORD-2026-000042`: year, then at least six digits. */
export const ORDER_NUMBER_PATTERN = /^ORD-\d{4}-\d{6,18}$/;

@Injectable()
export class OrderNumberParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && ORDER_NUMBER_PATTERN.test(value)) return value;
    throw new DomainError('VALIDATION_FAILED', 'orderNumber must look like ORD-2026-000042', [
      { field: 'orderNumber', message: 'must look like ORD-YYYY-NNNNNN' },
    ]);
  }
}
