import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DomainErrorRpcFilter } from '@oms/platform';
import type { Server } from 'node:net';

export type FakeHandler = (payload: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeService {
  /** `host:port`, for ORDERING_ADDRESS etc. */
  address: string;
  /** Every message received, in order. */
  received: Array<{ pattern: string; payload: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Replace what a pattern answers (throw a DomainError to refuse). */
  handle(pattern: string, handler: FakeHandler): void;
  close(): Promise<void>;
}

/**
 * A stand-in for a service behind the gateway, on the real transport (Nest TCP messages,
 * DomainErrorRpcFilter), answering whatever each test says.
 */
export async function startFakeService(patterns: readonly string[]): Promise<FakeService> {
  const handlers = new Map<string, FakeHandler>();
  const received: FakeService['received'] = [];

  class FakeController {}
  patterns.forEach((pattern, index) => {
    const name = `handle${index}`;
    Object.defineProperty(FakeController.prototype, name, {
      value: async (payload: unknown) => {
        received.push({ pattern, payload });
        const handler = handlers.get(pattern);
        if (!handler) throw new Error(`fake service: nothing handles ${pattern}`);
        return handler(payload);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(FakeController.prototype, name)!;
    Reflect.defineMetadata('design:paramtypes', [Object], FakeController.prototype, name);
    MessagePattern(pattern)(FakeController.prototype, name, descriptor);
    Payload()(FakeController.prototype, name, 0);
  });
  Controller()(FakeController);
  class FakeModule {}
  Module({ controllers: [FakeController] })(FakeModule);

  const app: INestMicroservice = await NestFactory.createMicroservice<MicroserviceOptions>(FakeModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: 0 },
    logger: false,
  });
  app.useGlobalFilters(new DomainErrorRpcFilter());
  await app.listen();
  const { port } = app.unwrap<Server>().address() as { port: number };

  return {
    address: `127.0.0.1:${port}`,
    received,
    handle: (pattern, handler) => void handlers.set(pattern, handler),
    close: () => app.close(),
  };
}
