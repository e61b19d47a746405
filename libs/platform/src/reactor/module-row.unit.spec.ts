import { derivedId, newId, streams, type NewEvent, type RecordedEvent } from '@oms/contracts';
import { WrongExpectedVersion, type EventStore } from '@oms/event-store';
import { advance, evolve, noShipment, reactToOrderEvent, type Shipment, type ShipmentEvent } from '@oms/logistics-domain';
import { OrderEvents, recordedEvent, userContext } from '@oms/testing';
import { advanceModuleRow, type ModuleRow } from './module-row';

const shipmentRows: ModuleRow<Shipment, ShipmentEvent> = {
  module: 'logistics',
  streamId: streams.shipment,
  initialState: noShipment,
  evolve,
  reactToOrderEvent,
  noun: 'shipment',
  notFound: 'SHIPMENT_NOT_FOUND',
  openedAt: 'createdAt',
};

/** Streams in memory, with optimistic concurrency; can be told to lose the next appends to another writer. */
class StreamsInMemory {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0n;
  racesToLose = 0;

  read(streamId: string): RecordedEvent[] {
    return this.streams.get(streamId) ?? [];
  }

  asStore(): EventStore {
    const unsupported = (): never => {
      throw new Error('not part of the in-memory streams');
    };
    return {
      readStream: async (streamId, options = {}) => {
        const events = options.direction === 'backwards' ? [...this.read(streamId)].reverse() : this.read(streamId);
        return events.slice(0, options.maxCount ?? events.length);
      },
      append: async (streamId, events, options = {}) => this.append(streamId, events, options.expected ?? 'any'),
      appendMany: unsupported,
      readAll: unsupported,
      subscribeToAll: unsupported,
      ping: async () => undefined,
      close: async () => undefined,
    };
  }

  private async append(streamId: string, events: NewEvent[], expected: number | string) {
    const stream = this.read(streamId);
    const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
    if (this.racesToLose > 0 || (expected !== 'any' && expected !== actual)) {
      this.racesToLose = Math.max(0, this.racesToLose - 1);
      throw new WrongExpectedVersion(streamId, expected as number, actual);
    }
    const recorded = events.map((event, index) => recordedEvent(event, { streamId, revision: stream.length + index, position: (this.position += 1n) }));
    this.streams.set(streamId, [...stream, ...recorded]);
    return { streamId, nextExpectedRevision: stream.length + recorded.length - 1, positions: recorded.map((event) => event.position) };
  }
}

describe('advanceModuleRow (an operator step on a module row)', () => {
  let memory: StreamsInMemory;
  let store: EventStore;

  beforeEach(() => {
    memory = new StreamsInMemory();
    store = memory.asStore();
  });

  /** A confirmed order with a physical line, and its shipment as the reactor opened it. */
  async function orderWithShipment(): Promise<OrderEvents> {
    const order = new OrderEvents();
    const lines = [order.line('physical')];
    const confirmed = order.confirmed(lines);
    await store.append(order.streamId, [order.placed(lines), confirmed]);
    const created = { type: 'ShipmentCreated', data: { orderId: order.orderId, shipmentId: newId(), lines: [], createdAt: '2026-03-01T10:00:00.000Z' } };
    await store.append(streams.shipment(order.orderId), [{ ...created, eventId: newId(), metadata: confirmed.metadata }]);
    return order;
  }

  const pick = (orderId: string, context = userContext('operator')) =>
    advanceModuleRow(store, shipmentRows, { orderId, step: 'pick', context }, (shipment, at) => advance(shipment, 'pick', at));

  it('appends the step with ids derived from the command, and answers the row as it left it', async () => {
    const { orderId } = await orderWithShipment();
    const context = userContext('operator');
    const reply = await pick(orderId, context);
    expect(reply).toEqual({ orderId, module: 'logistics', state: 'picked', updatedAt: expect.any(String) });
    const [, picked] = memory.read(streams.shipment(orderId));
    expect(picked).toMatchObject({ type: 'ShipmentPicked', eventId: derivedId(context.commandId, 'logistics', '0') });
    expect(picked.metadata).toMatchObject({ orderId, correlationId: context.correlationId, causationId: context.commandId, actor: context.actor, occurredAt: reply.updatedAt });
  });

  it('answers the same command again with the row, appending nothing, stamped with its last change', async () => {
    const { orderId } = await orderWithShipment();
    const context = userContext('operator');
    const first = await pick(orderId, context);
    expect(await pick(orderId, context)).toEqual(first);
    expect(memory.read(streams.shipment(orderId))).toHaveLength(2);
  });

  it('stamps a step that changed nothing with when the row was opened', async () => {
    const { orderId } = await orderWithShipment();
    const reply = await advanceModuleRow(store, shipmentRows, { orderId, step: 'pick', context: userContext('operator') }, () => []);
    expect(reply).toEqual({ orderId, module: 'logistics', state: 'waiting', updatedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('refuses an unknown order, a held one, and an order without the row', async () => {
    await expect(pick(newId())).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const held = await orderWithShipment();
    await store.append(held.streamId, [held.holdPlaced(newId())]);
    await expect(pick(held.orderId)).rejects.toMatchObject({ code: 'ORDER_ON_HOLD' });
    const digital = new OrderEvents();
    await store.append(digital.streamId, [digital.placed([digital.line('digital')])]);
    await expect(pick(digital.orderId)).rejects.toMatchObject({ code: 'SHIPMENT_NOT_FOUND', message: 'the order has no shipment' });
  });

  it('applies a cancellation of the order first, with the reactor’s ids, and then refuses the step', async () => {
    const order = await orderWithShipment();
    const cancelled = order.cancelled();
    await store.append(order.streamId, [cancelled]);
    await expect(pick(order.orderId)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const [, stopped] = memory.read(streams.shipment(order.orderId));
    expect(stopped).toMatchObject({ type: 'ShipmentCancelled', eventId: derivedId(cancelled.eventId, 'logistics', '0') });
  });

  it('decides again after losing a race, and gives up as CONCURRENCY_CONFLICT when it keeps losing', async () => {
    const { orderId } = await orderWithShipment();
    memory.racesToLose = 2;
    expect(await pick(orderId)).toMatchObject({ state: 'picked' });
    memory.racesToLose = 5;
    await expect(advanceModuleRow(store, shipmentRows, { orderId, step: 'pack', context: userContext('operator') }, (shipment, at) => advance(shipment, 'pack', at))).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      message: 'the shipment changed while the step was being decided; retry',
    });
  });
});
