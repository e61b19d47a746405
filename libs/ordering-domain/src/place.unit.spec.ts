import { context, customerId, fieldErrorsOf, given, orderId, orderNumber, placed } from './order.fixtures';
import { place, type PlaceOrder } from './place';
import { initialOrder } from './order';

const command = (overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  orderId,
  orderNumber,
  customerId,
  currency: 'EUR',
  lines: [{ lineId: 'line-1', sku: 'BOOK-1', productType: 'physical', quantity: 2, unitPrice: 1250, description: 'A book' }],
  ...overrides,
});

const problems = (overrides: Partial<PlaceOrder> | Record<string, unknown>) =>
  fieldErrorsOf(() => place(initialOrder(), { ...command(), ...overrides } as PlaceOrder, context)).map((error) => error.field);

describe('placing an order', () => {
  it('places a pending order with its lines', () =>
    given()
      .when((order) => place(order, command(), context))
      .then([
        {
          type: 'OrderPlaced',
          data: {
            orderId,
            orderNumber,
            customerId,
            currency: 'EUR',
            lines: [{ lineId: 'line-1', sku: 'BOOK-1', productType: 'physical', description: 'A book', quantity: 2, unitPrice: 1250 }],
            placedAt: context.now,
          },
        },
      ]));

  it('places an order without lines', () =>
    given()
      .when((order) => place(order, command({ lines: [] }), context))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ lines: [] })));

  it('gives a line without description an empty one', () =>
    given()
      .when((order) => place(order, command({ lines: [{ lineId: 'l', sku: 'S', productType: 'digital', quantity: 1, unitPrice: 0 }] }), context))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ lines: [{ description: '' }] })));

  it('keeps the intent it came from', () =>
    given()
      .when((order) => place(order, command({ intent: { sourceSystem: 'shop', orderIntentId: 'cart-9' } }), context))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ intent: { sourceSystem: 'shop', orderIntentId: 'cart-9' } })));

  it('refuses to place an order twice', () => given(placed()).when((order) => place(order, command(), context)).thenFails('INVALID_TRANSITION'));

  it('reports every problem with its field', () =>
    given()
      .when((order) => place(order, command({ currency: 'euro', lines: [{ lineId: 'l', sku: '', productType: 'food' as never, quantity: 0, unitPrice: -1 }] }), context))
      .thenFails('VALIDATION_FAILED'));

  it('names each invalid field of each line', () =>
    expect(
      problems({
        lines: [
          { lineId: 'a', sku: 'OK', productType: 'physical', quantity: 1, unitPrice: 1 },
          { lineId: 'b', sku: '', productType: 'food', quantity: 0, unitPrice: -1, description: 'x'.repeat(501) },
        ],
      }),
    ).toEqual(['lines[1].sku', 'lines[1].productType', 'lines[1].quantity', 'lines[1].unitPrice', 'lines[1].description']));

  it.each([
    ['currency', { currency: 'eur' }],
    ['currency', { currency: 'ABC' }],
    ['currency', { currency: 978 }],
    ['orderNumber', { orderNumber: 'ORD-42' }],
    ['customerId', { customerId: '' }],
    ['customerId', { customerId: 'c'.repeat(101) }],
    ['orderId', { orderId: undefined }],
    ['lines', { lines: undefined }],
    ['lines', { lines: 'BOOK-1' }],
    ['lines[0]', { lines: [null] }],
    ['intent', { intent: 'shop' }],
    ['intent.orderIntentId', { intent: { sourceSystem: 'shop' } }],
  ])('refuses a bad %s', (field, overrides) => expect(problems(overrides)).toEqual([field]));

  it.each([
    ['sku of 100 characters', { sku: 's'.repeat(100) }, []],
    ['sku of 101 characters', { sku: 's'.repeat(101) }, ['lines[0].sku']],
    ['blank sku', { sku: '   ' }, ['lines[0].sku']],
    ['description of 500 characters', { description: 'd'.repeat(500) }, []],
    ['quantity 10,000', { quantity: 10_000 }, []],
    ['quantity 10,001', { quantity: 10_001 }, ['lines[0].quantity']],
    ['fractional quantity', { quantity: 1.5 }, ['lines[0].quantity']],
    ['quantity as text', { quantity: '2' }, ['lines[0].quantity']],
    ['free line', { unitPrice: 0 }, []],
    ['fractional price', { unitPrice: 12.5 }, ['lines[0].unitPrice']],
    ['price beyond the safe range', { unitPrice: 2 ** 53 }, ['lines[0].unitPrice']],
    ['travel line', { productType: 'travel' }, []],
  ])('%s', (_, lineOverrides, expected) => {
    const line = { lineId: 'l', sku: 'S', productType: 'physical', quantity: 1, unitPrice: 1, ...lineOverrides };
    const decision = () => place(initialOrder(), command({ lines: [line as never] }), context);
    if (expected.length === 0) expect(decision()).toHaveLength(1);
    else expect(fieldErrorsOf(decision).map((error) => error.field)).toEqual(expected);
  });

  it('refuses two lines with the same id', () =>
    expect(
      problems({
        lines: [
          { lineId: 'same', sku: 'A', productType: 'physical', quantity: 1, unitPrice: 1 },
          { lineId: 'same', sku: 'B', productType: 'physical', quantity: 1, unitPrice: 1 },
        ],
      }),
    ).toEqual(['lines[1].lineId']));

  it('refuses more than 1,000 lines', () =>
    expect(problems({ lines: Array.from({ length: 1001 }, (_, index) => ({ lineId: `l${index}`, sku: 'S', productType: 'digital', quantity: 1, unitPrice: 1 })) })).toEqual([
      'lines',
    ]));

  it('refuses an order whose total cannot be represented', () =>
    given()
      .when((order) =>
        place(
          order,
          command({ lines: [{ lineId: 'l', sku: 'S', productType: 'physical', quantity: 10_000, unitPrice: Number.MAX_SAFE_INTEGER }] }),
          context,
        ),
      )
      .thenFails('VALIDATION_FAILED'));

  it('refuses lines whose sum cannot be represented', () =>
    expect(
      problems({
        lines: [
          { lineId: 'a', sku: 'S', productType: 'physical', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER },
          { lineId: 'b', sku: 'S', productType: 'physical', quantity: 1, unitPrice: 1 },
        ],
      }),
    ).toEqual(['totals.subtotal']));

  it('refuses a command that is not an object', () => given().when((order) => place(order, null as never, context)).thenFails('VALIDATION_FAILED'));
});
