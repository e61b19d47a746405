import { Injectable } from '@nestjs/common';
import { streams, type RecordedEvent } from '@oms/contracts';
import { evolve, noShipment, reactToOrderEvent, type Shipment, type ShipmentEvent } from '@oms/logistics-domain';
import { ModuleStreamReactor, type ModuleStream, type StreamDecisionResult } from '@oms/platform';

/**
 * The shipment's reaction to an order event on `shipment-<orderId>`: created for a confirmed
 * order with physical lines, stopped when the order is cancelled while it is still in the
 * warehouse. The ids derive from the order event (purpose `logistics`), so a redelivery, or the
 * operator path catching up on the same cancellation first, appends nothing new.
 */
export const shipments = { module: 'logistics', streamId: streams.shipment, initialState: noShipment, evolve, reactToOrderEvent } satisfies ModuleStream<Shipment, ShipmentEvent>;

export const LOGISTICS_SUBSCRIPTION = shipments.module;
const leftTheWarehouse: readonly string[] = ['shipped', 'delivered', 'returned'];

@Injectable()
export class ShipmentReactor extends ModuleStreamReactor(shipments) {
  protected override reacted(event: RecordedEvent, { state }: StreamDecisionResult<Shipment, ShipmentEvent>): void {
    if (event.type === 'OrderCancelled' && leftTheWarehouse.includes(state.status)) {
      // The cancel-vs-ship race (see shipment-operations.ts): the order was cancelled while its
      // parcel was leaving. Nothing can stop it any more; someone has to get it back.
      const { orderId } = event.data as { orderId: string };
      this.logger.warn(`order ${orderId} was cancelled but its shipment is already ${state.status}: the parcel must be recovered by a return`);
    }
  }
}
