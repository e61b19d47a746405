import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PLATFORM_CONFIG, PlatformModule, type PlatformConfig } from '@oms/platform';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRing } from './auth/api-key-ring';
import { HealthController } from './health/health.controller';
import { ServicesHealth } from './health/services-health';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { BookingController } from './orders/booking.controller';
import { HoldsController } from './orders/holds.controller';
import { OrderCommandsController } from './orders/order-commands.controller';
import { OrderHistory, OrderingServiceHistory } from './orders/order-history';
import { OrderQueriesController } from './orders/order-queries.controller';
import { OrderReads } from './orders/order-reads';
import { ServiceClients } from './orders/service-clients';
import { ShipmentController } from './orders/shipment.controller';
import { JsonBodySafetyInterceptor } from './validation/json-body-safety.interceptor';

@Module({
  imports: [PlatformModule.forService('gateway')],
  // Queries first: `orders/by-number/:orderNumber` must be matched before `orders/:id/…`.
  controllers: [HealthController, OrderQueriesController, OrderCommandsController, HoldsController, ShipmentController, BookingController],
  providers: [
    ServicesHealth,
    ServiceClients,
    OrderReads,
    { provide: OrderHistory, useClass: OrderingServiceHistory },
    IdempotencyStore,
    { provide: ApiKeyRing, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => new ApiKeyRing(config.apiKeys) },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    // In this order: the body is checked before idempotency hashes it and before validation walks it.
    { provide: APP_INTERCEPTOR, useClass: JsonBodySafetyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class GatewayModule {}
