import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { DomainError } from '@oms/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { serviceAddress, type ServiceName } from '../config/service-addresses';
import { fromRpcError } from './rpc-error';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends a command or query to another process over @nestjs/microservices (TCP), mapping the
 * remote's closed error names back to DomainError and an unreachable service to
 * SERVICE_UNAVAILABLE (503), never to a 500.
 */
export class ServiceClient {
  private readonly proxy: ClientProxy;

  constructor(readonly service: ServiceName, private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {
    const { host, port } = serviceAddress(service);
    this.proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { host, port } });
  }

  async send<Result>(pattern: string, payload: unknown): Promise<Result> {
    try {
      return await firstValueFrom(this.proxy.send<Result>(pattern, payload).pipe(timeout(this.timeoutMs)));
    } catch (error) {
      const domainError = fromRpcError(error);
      if (domainError) throw domainError;
      throw new DomainError('SERVICE_UNAVAILABLE', `${this.service} is unavailable: ${describe(error)}`);
    }
  }

  close(): Promise<void> {
    return Promise.resolve(this.proxy.close());
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
