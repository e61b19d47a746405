import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { errorCodes, type ErrorCode, type FieldError } from '@oms/contracts';
import { errorStatus, errorTitle } from './error-status';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, CONTRACT §2. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

/** A stable URI per error name (RFC 9457 `type`); a URN because it is an identifier, not a page. */
export function problemType(code: ErrorCode): string {
  return `urn:oms:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problem(code: ErrorCode, detail: string, errors?: readonly FieldError[]): Problem {
  return {
    type: problemType(code),
    title: errorTitle[code],
    status: errorStatus[code],
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors: errors.map(({ field, message }) => ({ field, message })) } : {}),
  };
}

export class FieldErrorSchema {
  @ApiProperty({ example: 'lines[0].quantity', description: 'Path of the offending field in the request (body, query, path or header).' })
  field!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message!: string;
}

/** OpenAPI schema of every error response. */
export class ProblemDetailsSchema {
  @ApiProperty({ example: 'urn:oms:problem:validation-failed', description: 'Identifies the kind of problem; one per `code`.' })
  type!: string;

  @ApiProperty({ example: 'The request is malformed or invalid' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'the request has invalid fields' })
  detail!: string;

  @ApiProperty({ enum: errorCodes, example: 'VALIDATION_FAILED', description: 'Stable upper-snake error name.' })
  code!: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Per-field problems (400 VALIDATION_FAILED only).' })
  errors?: FieldErrorSchema[];
}
