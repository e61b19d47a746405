import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceClient } from '@oms/platform';

/**
 * The gateway's way to the services that own the data: commands to ordering, operator
 * operations to logistics and travel. The gateway never writes events itself.
 */
@Injectable()
export class ServiceClients implements OnApplicationShutdown {
  readonly ordering = new ServiceClient('ordering');
  readonly logistics = new ServiceClient('logistics');
  readonly travel = new ServiceClient('travel');

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.ordering.close(), this.logistics.close(), this.travel.close()]);
  }
}
