import { addLine, changeLineQuantity, removeLine, type AddOrderLine } from './lines';
import { book, cancelled, confirmed, context, ebook, fieldErrorsOf, given, holdPlaced, holdReleased, orderId, placed } from './order.fixtures';
import { evolve, initialOrder } from './order';

const newLine: AddOrderLine = { lineId: 'line-new', sku: 'MUG-1', productType: 'physical', quantity: 3, unitPrice: 800, description: 'A mug' };

describe('adding a line', () => {
  it('adds a line to a pending order', () =>
    given(placed([book]))
      .when((order) => addLine(order, newLine, context))
      .then([{ type: 'OrderLineAdded', data: { orderId, line: { lineId: 'line-new', sku: 'MUG-1', productType: 'physical', description: 'A mug', quantity: 3, unitPrice: 800 }, at: context.now } }]));

  it('adds the first line to an empty order', () =>
    given(placed([])).when((order) => addLine(order, newLine, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('refuses an order that does not exist', () => given().when((order) => addLine(order, newLine, context)).thenFails('ORDER_NOT_FOUND'));

  it('refuses a confirmed order', () => given(placed(), confirmed()).when((order) => addLine(order, newLine, context)).thenFails('INVALID_TRANSITION'));

  it('refuses a cancelled order', () =>
    given(placed(), cancelled('CUSTOMER_REQUEST', 'pending')).when((order) => addLine(order, newLine, context)).thenFails('INVALID_TRANSITION'));

  it('refuses an order on hold', () => given(placed(), holdPlaced()).when((order) => addLine(order, newLine, context)).thenFails('ORDER_ON_HOLD'));

  it('accepts again once the hold is released', () =>
    given(placed(), holdPlaced(), holdReleased()).when((order) => addLine(order, newLine, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('refuses a line id the order already has', () => {
    given(placed([book])).when((order) => addLine(order, { ...newLine, lineId: book.lineId }, context)).thenFails('VALIDATION_FAILED');
    const order = evolve(initialOrder(), placed([book]));
    expect(fieldErrorsOf(() => addLine(order, { ...newLine, lineId: book.lineId }, context))).toEqual([expect.objectContaining({ field: 'lineId' })]);
  });

  it('names the invalid fields of the line', () => {
    const order = evolve(initialOrder(), placed([book]));
    expect(fieldErrorsOf(() => addLine(order, { ...newLine, quantity: 0, productType: 'food' as never }, context)).map((error) => error.field)).toEqual([
      'productType',
      'quantity',
    ]);
  });

  it('refuses a line that takes the total beyond the safe range', () =>
    given(placed([{ ...book, quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER }]))
      .when((order) => addLine(order, { ...newLine, quantity: 1, unitPrice: 1 }, context))
      .thenFails('VALIDATION_FAILED'));

  it('refuses a line past the thousandth', () =>
    given(placed(Array.from({ length: 1000 }, (_, index) => ({ ...ebook, lineId: `l${index}` }))))
      .when((order) => addLine(order, newLine, context))
      .thenFails('VALIDATION_FAILED'));
});

describe('changing a line quantity', () => {
  it('changes the quantity', () =>
    given(placed([book]))
      .when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 5 }, context))
      .then([{ type: 'OrderLineQuantityChanged', data: { orderId, lineId: book.lineId, quantity: 5, at: context.now } }]));

  it('changes nothing when the quantity is the same', () =>
    given(placed([book])).when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: book.quantity }, context)).thenNothing());

  it('refuses a line the order does not have', () =>
    given(placed([book])).when((order) => changeLineQuantity(order, { lineId: 'nope', quantity: 5 }, context)).thenFails('LINE_NOT_FOUND'));

  it('refuses a removed line', () =>
    given(placed([book]), { type: 'OrderLineRemoved', data: { orderId, lineId: book.lineId, at: context.now } })
      .when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 5 }, context))
      .thenFails('LINE_NOT_FOUND'));

  it.each([0, -1, 1.5, 10_001, '3'])('refuses the quantity %p', (quantity) =>
    given(placed([book])).when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: quantity as number }, context)).thenFails('VALIDATION_FAILED'));

  it('refuses a confirmed order', () =>
    given(placed(), confirmed()).when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 5 }, context)).thenFails('INVALID_TRANSITION'));

  it('refuses an order on hold', () =>
    given(placed(), holdPlaced()).when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 5 }, context)).thenFails('ORDER_ON_HOLD'));

  it('refuses a quantity that takes the total beyond the safe range', () =>
    given(placed([{ ...book, quantity: 1, unitPrice: Math.floor(Number.MAX_SAFE_INTEGER / 2) }]))
      .when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 3 }, context))
      .thenFails('VALIDATION_FAILED'));

  it('refuses an order that does not exist', () =>
    given().when((order) => changeLineQuantity(order, { lineId: book.lineId, quantity: 5 }, context)).thenFails('ORDER_NOT_FOUND'));
});

describe('removing a line', () => {
  it('removes the line', () =>
    given(placed([book, ebook]))
      .when((order) => removeLine(order, { lineId: ebook.lineId }, context))
      .then([{ type: 'OrderLineRemoved', data: { orderId, lineId: ebook.lineId, at: context.now } }]));

  it('may remove the last line (an empty pending order is allowed)', () =>
    given(placed([book])).when((order) => removeLine(order, { lineId: book.lineId }, context)).thenEvents((events) => expect(events).toHaveLength(1)));

  it('refuses a line the order does not have', () => given(placed([book])).when((order) => removeLine(order, { lineId: 'nope' }, context)).thenFails('LINE_NOT_FOUND'));

  it('refuses a confirmed order', () =>
    given(placed(), confirmed()).when((order) => removeLine(order, { lineId: book.lineId }, context)).thenFails('INVALID_TRANSITION'));

  it('refuses an order on hold', () => given(placed(), holdPlaced()).when((order) => removeLine(order, { lineId: book.lineId }, context)).thenFails('ORDER_ON_HOLD'));

  it('refuses a missing line id', () => given(placed()).when((order) => removeLine(order, {} as never, context)).thenFails('VALIDATION_FAILED'));
});
