import { DomainError, type OrderTotals } from '@oms/contracts';

/**
 * Order arithmetic in integer minor units. Every intermediate result must stay a safe
 * integer: past 2^53 − 1 a JavaScript number silently rounds, and a rounded total would be
 * charged. Because the inputs are safe integers, an exact result that fits is always
 * computed exactly, and one that does not fit is never a safe integer, so checking each
 * result is enough.
 */

export interface Priced {
  quantity: number;
  /** Minor units. */
  unitPrice: number;
}

export interface Adjustments {
  tax: number;
  discount: number;
}

const noAdjustments: Adjustments = { tax: 0, discount: 0 };

function withinSafeRange(amount: number, field: string): number {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError('VALIDATION_FAILED', `${field} is beyond the largest amount the platform can hold`, [
      { field, message: `must be a whole number of minor units no larger than ${Number.MAX_SAFE_INTEGER}` },
    ]);
  }
  return amount;
}

/** quantity × unitPrice; `field` names the amount in an overflow error. */
export function lineSubtotal(line: Priced, field = 'subtotal'): number {
  return withinSafeRange(line.quantity * line.unitPrice, field);
}

export function orderSubtotal(lines: readonly Priced[]): number {
  return lines.reduce(
    (sum, line, index) => withinSafeRange(sum + lineSubtotal(line, `lines[${index}].subtotal`), 'totals.subtotal'),
    0,
  );
}

/** total = subtotal + tax − discount, never below zero (a discount cannot pay the customer). */
export function orderTotals(lines: readonly Priced[], adjustments: Adjustments = noAdjustments): OrderTotals {
  const subtotal = orderSubtotal(lines);
  const tax = nonNegative(adjustments.tax, 'totals.tax');
  const discount = nonNegative(adjustments.discount, 'totals.discount');
  const total = Math.max(0, withinSafeRange(subtotal + tax, 'totals.total') - discount);
  return { subtotal, tax, discount, total };
}

function nonNegative(amount: number, field: string): number {
  if (withinSafeRange(amount, field) < 0) {
    throw new DomainError('VALIDATION_FAILED', `${field} cannot be negative`, [{ field, message: 'must not be negative' }]);
  }
  return amount;
}
