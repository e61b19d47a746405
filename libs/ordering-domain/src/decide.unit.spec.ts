import { decide, orderDecider, type OrderCommand } from './decide';
import { book, confirmed, context, customerId, emitted, given, holdPlaced, orderId, orderNumber, placed } from './order.fixtures';

describe('the order decider', () => {
  it('places through decide', () =>
    given()
      .when((order) =>
        decide(order, { type: 'PlaceOrder', data: { orderId, orderNumber, customerId, currency: 'EUR', lines: [] } }, context),
      )
      .thenEvents(([event]) => expect(event.type).toBe('OrderPlaced')));

  it.each<[string, OrderCommand, string]>([
    ['AddOrderLine', { type: 'AddOrderLine', data: { lineId: 'n', sku: 'S', productType: 'digital', quantity: 1, unitPrice: 1 } }, 'OrderLineAdded'],
    ['ChangeOrderLineQuantity', { type: 'ChangeOrderLineQuantity', data: { lineId: book.lineId, quantity: 3 } }, 'OrderLineQuantityChanged'],
    ['RemoveOrderLine', { type: 'RemoveOrderLine', data: { lineId: book.lineId } }, 'OrderLineRemoved'],
    ['RecordPayment', { type: 'RecordPayment', data: { paymentId: 'p', amount: 2500, currency: 'EUR' } }, 'OrderConfirmed'],
    ['PlaceHold', { type: 'PlaceHold', data: { holdId: 'h', type: 'MANUAL_REVIEW', reason: 'look' } }, 'OrderHoldPlaced'],
    ['RequestCancellation', { type: 'RequestCancellation', data: { reason: 'CUSTOMER_REQUEST' } }, 'OrderCancelled'],
    ['RecordModuleState', { type: 'RecordModuleState', data: { module: 'finance', state: 'pending', sourceEventId: 'e' } }, 'OrderModuleStateRecorded'],
  ])('routes %s to its decision', (_, command, eventType) =>
    given(placed([book])).when((order) => decide(order, command, context)).thenEvents(([event]) => expect(event.type).toBe(eventType)));

  it('routes ReleaseHold, with the steps it makes due', () =>
    given(placed([book]), confirmed([book]), holdPlaced(), { type: 'OrderModuleStateRecorded', data: { orderId, module: 'finance', state: 'issued', sourceEventId: 'x', at: context.now } })
      .when((order) => decide(order, { type: 'ReleaseHold', data: { holdId: 'hold-1', reason: 'cleared' } }, context))
      .then([emitted.holdReleased(), emitted.fulfilmentStarted()]));

  it('refuses an unknown command', () =>
    given(placed()).when((order) => decide(order, { type: 'ShipIt', data: {} } as never, context)).thenFails('VALIDATION_FAILED'));

  it('refuses a command without data', () => given(placed()).when((order) => decide(order, { type: 'RecordPayment' } as never, context)).thenFails('VALIDATION_FAILED'));

  it('bundles decide, evolve and the initial state', () => {
    const events = orderDecider.decide(orderDecider.initialState(), { type: 'PlaceOrder', data: { orderId, orderNumber, customerId, currency: 'EUR', lines: [] } }, context);
    expect(events.reduce(orderDecider.evolve, orderDecider.initialState()).status).toBe('pending');
  });
});
