import { Inject, Injectable } from '@nestjs/common';
import {
  derivedId,
  DomainError,
  shipmentSteps,
  streams,
  type AdvanceShipmentCommand,
  type ModuleRowReply,
} from '@oms/contracts';
import { WrongExpectedVersion, type EventStore } from '@oms/event-store';
import { advance, evolve, noShipment } from '@oms/logistics-domain';
import { decideOnStream, EVENT_STORE, reactOnModuleStream } from '@oms/platform';
import { assertOperatorCommand } from './command-validation';
import { orderForOperation } from './order-gate';
import { shipments } from './shipment-reactor';

/**
 * Operator steps on an order's shipment: load the order (exists, not held), load the shipment,
 * decide the step, append with the shipment's expected revision (reload and decide again if
 * another writer got there first).
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
    const { orderId, step, context } = command;
    const { cancelled } = await orderForOperation(this.store, orderId);
    if (cancelled) await reactOnModuleStream(this.store, shipments, cancelled);
    const firstEventId = derivedId(context.commandId, 'logistics', '0');
    const at = new Date().toISOString();
    const result = await decideOnStream(this.store, {
      streamId: streams.shipment(orderId),
      initialState: noShipment,
      evolve,
      // The same command again (a retry after a lost reply) was carried out: answer with the row.
      decide: (shipment, history) => (history.some((event) => event.eventId === firstEventId) ? [] : advance(shipment, step, at)),
      context: {
        orderId,
        correlationId: context.correlationId,
        causationId: context.causationId ?? context.commandId,
        actor: context.actor,
      },
      eventId: (index) => derivedId(context.commandId, 'logistics', String(index)),
      now: () => at,
    }).catch(busy);
    if (result.state.status === 'none') throw new DomainError('SHIPMENT_NOT_FOUND', 'the order has no shipment');
    const updatedAt = result.events.length > 0 ? at : await this.lastChange(orderId);
    return { orderId, module: 'logistics', state: result.state.status, updatedAt };
  }

  private async lastChange(orderId: string): Promise<string> {
    const [last] = await this.store.readStream(streams.shipment(orderId), { direction: 'backwards', maxCount: 1 });
    const data = (last?.data ?? {}) as { at?: string; createdAt?: string };
    return data.at ?? data.createdAt ?? last?.recordedAt.toISOString() ?? new Date(0).toISOString();
  }
}

/** Still losing the race after several fresh decisions: the shipment is too busy right now. */
function busy(error: unknown): never {
  if (error instanceof WrongExpectedVersion) throw new DomainError('CONCURRENCY_CONFLICT', 'the shipment changed while the step was being decided; retry');
  throw error;
}
