import { RpcException } from '@nestjs/microservices';
import { DomainError, errorCodes, type ErrorCode, type FieldError } from '@oms/contracts';

/** What crosses the wire when a command is refused: the closed error name, never a stack. */
export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

export function toRpcException(error: DomainError): RpcException {
  const payload: RpcErrorPayload = { code: error.code, message: error.message, errors: error.errors };
  return new RpcException(payload);
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    errorCodes.includes((value as RpcErrorPayload).code) &&
    typeof (value as RpcErrorPayload).message === 'string'
  );
}

export function fromRpcError(value: unknown): DomainError | undefined {
  return isRpcErrorPayload(value) ? new DomainError(value.code, value.message, value.errors) : undefined;
}
