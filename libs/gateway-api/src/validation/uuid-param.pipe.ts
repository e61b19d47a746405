import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, isUuid } from '@oms/contracts';

/** Path ids are UUIDs; anything else is a 400 (VALIDATION_FAILED), not a lookup that finds nothing. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new DomainError('VALIDATION_FAILED', `${field} must be a UUID`, [{ field, message: 'must be a UUID' }]);
  }
}
