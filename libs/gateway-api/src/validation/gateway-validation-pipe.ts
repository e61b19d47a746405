import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '@oms/contracts';
import type { ValidationError } from 'class-validator';
import { fieldErrorsOf } from './field-errors';

/**
 * DTO validation for every route: unknown fields are refused (not silently dropped), types
 * are never coerced (a string "5" is not a quantity), and failures become VALIDATION_FAILED
 * with one entry per broken rule.
 */
export function gatewayValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    // Nest builds every body as its DTO class, and the body safety check refuses non-objects;
    // with `true` a DTO without properties (the empty body of `confirm`) could never pass.
    forbidUnknownValues: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => new DomainError('VALIDATION_FAILED', 'the request has invalid fields', fieldErrorsOf(errors)),
  });
}
