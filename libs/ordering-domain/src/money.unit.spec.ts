import { DomainError } from '@oms/contracts';
import { lineSubtotal, orderSubtotal, orderTotals } from './money';

const max = Number.MAX_SAFE_INTEGER;

function failure(decision: () => unknown): DomainError {
  try {
    decision();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a failure');
}

describe('money', () => {
  it('prices a line as quantity × unit price', () => expect(lineSubtotal({ quantity: 3, unitPrice: 1999 })).toBe(5997));

  it('adds the lines of an order', () =>
    expect(orderSubtotal([{ quantity: 2, unitPrice: 1250 }, { quantity: 1, unitPrice: 999 }])).toBe(3499));

  it('prices an order without lines at zero', () => expect(orderTotals([])).toEqual({ subtotal: 0, tax: 0, discount: 0, total: 0 }));

  it('charges no tax and gives no discount for now', () =>
    expect(orderTotals([{ quantity: 2, unitPrice: 1250 }])).toEqual({ subtotal: 2500, tax: 0, discount: 0, total: 2500 }));

  it('totals subtotal + tax − discount', () =>
    expect(orderTotals([{ quantity: 2, unitPrice: 1250 }], { tax: 475, discount: 300 })).toEqual({ subtotal: 2500, tax: 475, discount: 300, total: 2675 }));

  it('never lets a discount make the total negative', () =>
    expect(orderTotals([{ quantity: 1, unitPrice: 100 }], { tax: 0, discount: 500 }).total).toBe(0));

  it('refuses a negative tax or discount', () => {
    expect(failure(() => orderTotals([], { tax: -1, discount: 0 })).errors).toEqual([expect.objectContaining({ field: 'totals.tax' })]);
    expect(failure(() => orderTotals([], { tax: 0, discount: -1 })).errors).toEqual([expect.objectContaining({ field: 'totals.discount' })]);
  });

  it('keeps a line at exactly the largest safe amount', () => expect(lineSubtotal({ quantity: 1, unitPrice: max })).toBe(max));

  it('refuses a line whose price overflows the safe range', () => {
    const error = failure(() => lineSubtotal({ quantity: 2, unitPrice: Math.ceil(max / 2) }, 'lines[0].subtotal'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([expect.objectContaining({ field: 'lines[0].subtotal' })]);
  });

  it('names the overflowing line of an order', () =>
    expect(failure(() => orderSubtotal([{ quantity: 1, unitPrice: 1 }, { quantity: 10_000, unitPrice: max }])).errors).toEqual([
      expect.objectContaining({ field: 'lines[1].subtotal' }),
    ]));

  it('refuses lines that each fit but whose sum overflows', () => {
    const error = failure(() => orderTotals([{ quantity: 1, unitPrice: max }, { quantity: 1, unitPrice: 1 }]));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([expect.objectContaining({ field: 'totals.subtotal' })]);
  });

  it('refuses a tax that pushes the total out of the safe range', () =>
    expect(failure(() => orderTotals([{ quantity: 1, unitPrice: max }], { tax: 1, discount: 0 })).errors).toEqual([
      expect.objectContaining({ field: 'totals.total' }),
    ]));
});
