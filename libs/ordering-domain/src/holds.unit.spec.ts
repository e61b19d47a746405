import { holdTypes } from '@oms/contracts';
import { placeHold, releaseHold } from './holds';
import { book, cancelled, completed, confirmed, context, ebook, emitted, fulfilmentStarted, given, holdPlaced, holdReleased, moduleReached, orderId, placed, trip } from './order.fixtures';

const hold = { holdId: 'hold-1', type: 'CREDIT' as const, reason: 'credit check' };
const release = { holdId: 'hold-1', reason: 'cleared' };

describe('placing a hold', () => {
  it.each(holdTypes)('places a %s hold', (type) =>
    given(placed())
      .when((order) => placeHold(order, { ...hold, type }, context))
      .then([{ type: 'OrderHoldPlaced', data: { orderId, holdId: 'hold-1', type, reason: 'credit check', placedAt: context.now } }]));

  it.each([
    ['confirmed', [placed(), confirmed()]],
    ['fulfilling', [placed(), confirmed(), fulfilmentStarted()]],
  ])('holds a %s order', (_, history) => given(...history).when((order) => placeHold(order, hold, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('holds an order already held by another hold', () =>
    given(placed(), holdPlaced('hold-0')).when((order) => placeHold(order, hold, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('refuses a completed order', () =>
    given(placed(), confirmed(), fulfilmentStarted(), completed()).when((order) => placeHold(order, hold, context)).thenFails('INVALID_TRANSITION'));

  it('refuses a cancelled order', () =>
    given(placed(), cancelled('CUSTOMER_REQUEST', 'pending')).when((order) => placeHold(order, hold, context)).thenFails('INVALID_TRANSITION'));

  it('refuses a hold type outside the list', () =>
    given(placed()).when((order) => placeHold(order, { ...hold, type: 'WHIM' as never }, context)).thenFails('VALIDATION_FAILED'));

  it('refuses a blank reason', () => given(placed()).when((order) => placeHold(order, { ...hold, reason: ' ' }, context)).thenFails('VALIDATION_FAILED'));

  it('changes nothing when the same hold is placed again', () =>
    given(placed(), holdPlaced('hold-1', 'CREDIT', 'credit check')).when((order) => placeHold(order, hold, context)).thenNothing());

  it('refuses a different hold under an active hold id', () =>
    given(placed(), holdPlaced('hold-1', 'FRAUD', 'odd address')).when((order) => placeHold(order, hold, context)).thenFails('VALIDATION_FAILED'));

  it('refuses to reuse the id of a released hold', () =>
    given(placed(), holdPlaced('hold-1'), holdReleased('hold-1')).when((order) => placeHold(order, hold, context)).thenFails('VALIDATION_FAILED'));

  it('refuses an order that does not exist', () => given().when((order) => placeHold(order, hold, context)).thenFails('ORDER_NOT_FOUND'));
});

describe('releasing a hold', () => {
  it('releases an active hold', () =>
    given(placed(), holdPlaced()).when((order) => releaseHold(order, release, context)).then([emitted.holdReleased()]));

  it('refuses a hold the order never had', () => given(placed(), holdPlaced()).when((order) => releaseHold(order, { ...release, holdId: 'nope' }, context)).thenFails('HOLD_NOT_FOUND'));

  it('refuses a hold already released', () =>
    given(placed(), holdPlaced(), holdReleased()).when((order) => releaseHold(order, release, context)).thenFails('HOLD_NOT_FOUND'));

  it('refuses a blank reason', () => given(placed(), holdPlaced()).when((order) => releaseHold(order, { ...release, reason: '' }, context)).thenFails('VALIDATION_FAILED'));

  it('refuses an order that does not exist', () => given().when((order) => releaseHold(order, release, context)).thenFails('ORDER_NOT_FOUND'));

  it('starts fulfilment when the last hold goes and finance has issued the invoice', () =>
    given(placed(), confirmed(), holdPlaced(), moduleReached('finance', 'issued'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased(), emitted.fulfilmentStarted()]));

  it('starts fulfilment when finance has already been paid', () =>
    given(placed([book]), confirmed([book]), holdPlaced(), moduleReached('finance', 'issued'), moduleReached('finance', 'paid'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased(), emitted.fulfilmentStarted()]));

  it('goes from confirmed to completed at once when everything was done during the hold', () =>
    given(placed([ebook]), confirmed([ebook]), holdPlaced(), moduleReached('finance', 'issued'), moduleReached('finance', 'paid'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased(), emitted.fulfilmentStarted(), emitted.completed()]));

  it('does not move on while another hold remains', () =>
    given(placed(), confirmed(), holdPlaced('hold-1'), holdPlaced('hold-2'), moduleReached('finance', 'issued'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased()]));

  it('does not start fulfilment before finance has issued the invoice', () =>
    given(placed(), confirmed(), holdPlaced(), moduleReached('finance', 'pending'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased()]));

  it('completes a fulfilling order whose modules finished during the hold', () =>
    given(
      placed([book, trip]),
      confirmed([book, trip]),
      moduleReached('finance', 'issued'),
      fulfilmentStarted(),
      holdPlaced(),
      moduleReached('finance', 'paid'),
      moduleReached('logistics', 'delivered'),
      moduleReached('travel', 'travelled'),
    )
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased(), emitted.completed()]));

  it('does not complete a fulfilling order whose shipment is still on its way', () =>
    given(placed([book]), confirmed([book]), moduleReached('finance', 'paid'), fulfilmentStarted(), holdPlaced(), moduleReached('logistics', 'shipped'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased()]));

  it('releases a hold on a pending order without any further step', () =>
    given(placed(), holdPlaced()).when((order) => releaseHold(order, release, context)).then([emitted.holdReleased()]));

  it('releases a hold left on a cancelled order without moving it', () =>
    given(placed(), confirmed(), holdPlaced(), moduleReached('finance', 'issued'), cancelled('FRAUD_RISK', 'confirmed'))
      .when((order) => releaseHold(order, release, context))
      .then([emitted.holdReleased()]));
});
