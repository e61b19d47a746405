import { Inject, Injectable } from '@nestjs/common';
import { shipmentSteps, type AdvanceShipmentCommand, type ModuleRowReply } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { advance, type Shipment, type ShipmentEvent } from '@oms/logistics-domain';
import { advanceModuleRow, assertOperatorCommand, EVENT_STORE, type ModuleRow } from '@oms/platform';
import { shipments } from './shipment-reactor';

const shipmentRows: ModuleRow<Shipment, ShipmentEvent> = { ...shipments, noun: 'shipment', notFound: 'SHIPMENT_NOT_FOUND', openedAt: 'createdAt' };

/**
 * Operator steps on an order's shipment (see advanceModuleRow: the order must exist and not be
 * held; a step on a cancelled order applies the cancellation first and is then refused).
 *
 * The cancel-vs-ship race. The order refuses a cancellation once it knows the shipment has
 * shipped, but it learns that only through the process manager, and this service learns of a
 * cancellation only through the order's events: the two decisions are on two streams, with no
 * transaction across them. To narrow the window, a step on a cancelled order first applies the
 * cancellation to the shipment itself (exactly as the reactor would, same event ids, so whichever
 * comes first wins and the other appends nothing) and is then refused as INVALID_TRANSITION.
 * What remains: (a) a cancellation committed between our read of the order and our append
 * (milliseconds), and (b) a cancellation accepted by the order after `ship` was appended but
 * before the process manager told the order (its subscription lag). In both the order ends
 * cancelled and refunded with a shipped parcel; the reactor logs it loudly, and the parcel comes
 * back through `deliver`/`return`, which stay allowed on a cancelled order.
 */
@Injectable()
export class ShipmentOperations {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async advance(command: AdvanceShipmentCommand): Promise<ModuleRowReply> {
    assertOperatorCommand(command, shipmentSteps);
    return advanceModuleRow(this.store, shipmentRows, command, (shipment, at) => advance(shipment, command.step, at));
  }
}
