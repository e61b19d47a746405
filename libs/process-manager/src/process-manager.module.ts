import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformModule, ServiceClient } from '@oms/platform';
import { ModuleFacts } from './module-facts';
import { PAYMENT_TIMEOUT_TUNING, PaymentTimeouts } from './payment-timeouts';
import { ORDERING_CLIENT } from './tokens';

/** Closes the connection to the ordering service last, once the reactors and the timer stopped. */
@Injectable()
class OrderingConnection implements OnApplicationShutdown {
  constructor(@Inject(ORDERING_CLIENT) private readonly client: ServiceClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * The process manager: translates module facts into order commands and fires payment
 * timeouts. It owns no business rule: the order decides what each fact means for it.
 */
@Module({
  imports: [PlatformModule.forService('process-manager')],
  providers: [
    { provide: ORDERING_CLIENT, useFactory: () => new ServiceClient('ordering') },
    { provide: PAYMENT_TIMEOUT_TUNING, useValue: {} },
    OrderingConnection,
    ModuleFacts,
    PaymentTimeouts,
  ],
})
export class ProcessManagerModule {}
