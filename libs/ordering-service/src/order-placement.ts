import { Inject, Injectable } from '@nestjs/common';
import { DomainError, derivedId, newId, streams, type NewEvent, type OrderCommandReply, type PlaceOrderCommand } from '@oms/contracts';
import { currentSchemaVersion, EventIdConflict, WrongExpectedVersion, type EventStore } from '@oms/event-store';
import { decide, evolve, formatOrderNumber, initialOrder, type OrderView } from '@oms/ordering-domain';
import { envelope, EVENT_STORE, PLATFORM_CONFIG, type PlatformConfig } from '@oms/platform';
import { OrderNumbers } from './order-numbers';
import { OrderStreams } from './order-streams';
import { viewOf } from './order-command-handler';
import { withCurrentSchemaVersions } from './schema-versions';

/** Internal stream claiming an order intent: its first event names the order placed for it. */
export function intentStream(sourceSystem: string, orderIntentId: string): string {
  return `ordering-intent-${derivedId('order-intent', sourceSystem, orderIntentId)}`;
}
export const intentClaimedType = 'OrderIntentClaimed';

/** A number that passes the decider's format check while the real one is not yet taken. */
const provisionalNumber = formatOrderNumber(2000, 1);

/**
 * Placing an order. With an intent `{ sourceSystem, orderIntentId }` the order and a claim on
 * the intent are appended in ONE atomic multi-stream append, both expecting no stream: of two
 * placements racing for one intent exactly one wins, and the other returns the winner's order.
 */
@Injectable()
export class OrderPlacement {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly orders: OrderStreams,
    private readonly numbers: OrderNumbers,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async place(command: PlaceOrderCommand): Promise<OrderCommandReply<OrderView>> {
    if (command.intent) {
      const existing = await this.existingOrderFor(command.intent.sourceSystem, command.intent.orderIntentId);
      if (existing) return existing;
    }
    const orderId = newId();
    const now = new Date();
    const placeData = {
      orderId,
      customerId: command.customerId,
      currency: command.currency,
      lines: (command.lines ?? []).map((line) => ({ ...line, lineId: newId() })),
      ...(command.intent ? { intent: command.intent } : {}),
    };
    const context = { now: now.toISOString(), requiredModules: this.config.modulesRequiredForCompletion };
    // Validate before taking a number, so refused placements do not use up the sequence.
    decide(initialOrder(), { type: 'PlaceOrder', data: { ...placeData, orderNumber: provisionalNumber } }, context);
    const orderNumber = formatOrderNumber(now.getUTCFullYear(), await this.numbers.next(now.getUTCFullYear()));
    const events = decide(initialOrder(), { type: 'PlaceOrder', data: { ...placeData, orderNumber } }, context);
    const { context: request } = command;
    const metadata = { orderId, correlationId: request.correlationId, causationId: request.causationId ?? request.commandId, actor: request.actor, occurredAt: context.now };
    const orderEvents = withCurrentSchemaVersions(envelope(events, metadata, (_event, index) => derivedId(request.commandId, String(index))));
    if (!command.intent) {
      try {
        const { nextExpectedRevision } = await this.orders.append(orderId, orderEvents, -1);
        return { order: viewOf(events.reduce(evolve, initialOrder()), nextExpectedRevision) };
      } catch (error) {
        const placedBefore = await this.placedBefore(error, orderEvents);
        if (placedBefore) return placedBefore;
        throw error;
      }
    }
    const claim: NewEvent = {
      eventId: derivedId(request.commandId, 'intent'),
      type: intentClaimedType,
      data: { orderId, ...command.intent },
      metadata: { ...metadata, schemaVersion: currentSchemaVersion(intentClaimedType) },
    };
    try {
      const [, placed] = await this.store.appendMany([
        { streamId: intentStream(command.intent.sourceSystem, command.intent.orderIntentId), events: [claim], expected: 'no_stream' },
        { streamId: streams.order(orderId), events: orderEvents, expected: 'no_stream' },
      ]);
      return { order: viewOf(events.reduce(evolve, initialOrder()), placed.nextExpectedRevision) };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      const existing = await this.existingOrderFor(command.intent.sourceSystem, command.intent.orderIntentId);
      if (!existing) throw new DomainError('CONCURRENCY_CONFLICT', 'the order intent is being placed concurrently; retry');
      return existing;
    }
  }

  /**
   * The event ids of a placement derive from its command id, and the command id of a request
   * sent again with its Idempotency-Key is the same (command-context.ts). When the gateway
   * lost the first attempt's reply (it died, or gave the key up after ABANDONED_AFTER_MS), the
   * retry decides a new order id, and its events collide with the first attempt's: the order
   * stream that holds every one of them is that first placement, which is the answer.
   */
  private async placedBefore(error: unknown, events: NewEvent[]): Promise<OrderCommandReply<OrderView> | undefined> {
    if (!(error instanceof EventIdConflict) || error.reason !== 'used_elsewhere' || error.streamIds.length !== 1) return undefined;
    const ours = new Set(events.map((event) => event.eventId.toLowerCase()));
    if (error.eventIds.length !== ours.size || !error.eventIds.every((id) => ours.has(id.toLowerCase()))) return undefined;
    const [streamId] = error.streamIds;
    if (!streamId.startsWith(streams.order(''))) return undefined;
    const { order, revision } = await this.orders.load(streamId.slice(streams.order('').length));
    return { order: viewOf(order, revision), existing: true };
  }

  private async existingOrderFor(sourceSystem: string, orderIntentId: string): Promise<OrderCommandReply<OrderView> | undefined> {
    const [claim] = await this.store.readStream(intentStream(sourceSystem, orderIntentId), { maxCount: 1 });
    if (!claim) return undefined;
    const { orderId } = claim.data as { orderId: string };
    const { order, revision } = await this.orders.load(orderId);
    return { order: viewOf(order, revision), existing: true };
  }
}
