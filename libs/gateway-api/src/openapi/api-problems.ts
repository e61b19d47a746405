import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ErrorCode } from '@oms/contracts';
import { errorStatus } from '../problems/error-status';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsSchema } from '../problems/problem-details';

/** Every route can answer these, whatever it does. */
const alwaysPossible: ErrorCode[] = ['SERVICE_UNAVAILABLE'];

/** Documents the problem responses of a route, one per status, listing the codes each may carry. */
export function ApiProblems(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...alwaysPossible])) {
    byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetailsSchema),
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, statusCodes]) =>
        ApiResponse({
          status,
          description: `Problem details; \`code\`: ${statusCodes.map((code) => `\`${code}\``).join(', ')}`,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsSchema) } } },
        }),
      ),
  );
}
