import { productTypes, type FieldError, type OrderLine, type ProductType } from '@oms/contracts';
import { isRecord, oneOfProblem, optionalTextProblem, textProblem } from './validation';

export const lineLimits = {
  skuLength: 100,
  descriptionLength: 500,
  /** Larger quantities are typing mistakes, not orders; ops can split a genuine one. */
  maxQuantity: 10_000,
  /** Bounds the size of one order stream's snapshot events. */
  maxLines: 1_000,
  lineIdLength: 100,
} as const;

/** A line as a command brings it; the caller has already given it its `lineId`. */
export interface LineInput {
  lineId: string;
  sku: string;
  productType: ProductType;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: number;
  description?: string;
}

export function quantityProblem(quantity: unknown): string | undefined {
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return 'must be a whole number';
  if (quantity < 1 || quantity > lineLimits.maxQuantity) return `must be from 1 to ${lineLimits.maxQuantity}`;
  return undefined;
}

export function unitPriceProblem(unitPrice: unknown): string | undefined {
  if (typeof unitPrice !== 'number' || !Number.isSafeInteger(unitPrice)) return 'must be a whole number of minor units';
  if (unitPrice < 0) return 'must not be negative';
  return undefined;
}

/** The problems of one line, fields named from `at` (`lines[0].` in an order, `` alone). */
export function lineProblems(line: unknown, at: string): FieldError[] {
  if (!isRecord(line)) return [{ field: at.replace(/\.$/, '') || 'line', message: 'must be an object' }];
  const problems: [string, string | undefined][] = [
    ['lineId', textProblem(line['lineId'], lineLimits.lineIdLength)],
    ['sku', textProblem(line['sku'], lineLimits.skuLength)],
    ['productType', oneOfProblem(line['productType'], productTypes)],
    ['quantity', quantityProblem(line['quantity'])],
    ['unitPrice', unitPriceProblem(line['unitPrice'])],
    ['description', optionalTextProblem(line['description'], lineLimits.descriptionLength)],
  ];
  return problems.filter((problem): problem is [string, string] => problem[1] !== undefined).map(([field, message]) => ({ field: `${at}${field}`, message }));
}

export function toOrderLine({ lineId, sku, productType, quantity, unitPrice, description }: LineInput): OrderLine {
  return { lineId, sku, productType, description: description ?? '', quantity, unitPrice };
}
