import type { ModuleName } from '@oms/contracts';
import { requiredModulesOf, type DecisionContext } from './decision-context';
import { evolve, isOnHold, type Order, type OrderEvent } from './order';

/** The state in which each module has done its part for a happy order. */
const happyEnd: Record<ModuleName, string> = { finance: 'paid', logistics: 'delivered', travel: 'travelled' };

/** Finance has issued the invoice (the payment may already have settled it). */
const invoiceIssued: readonly string[] = ['issued', 'paid'];

/**
 * The modules that will keep a row for this order, derived from the confirmed lines: finance
 * for every order, logistics for a physical line, travel for a travel line. Waiting on this
 * rather than on the rows seen so far keeps the order from completing before a slow module
 * has even created its row.
 */
export function expectedModules(order: Order): ModuleName[] {
  const has = (productType: string) => order.lines.some((line) => line.productType === productType);
  return [
    'finance' as const,
    ...(has('physical') ? ['logistics' as const] : []),
    ...(has('travel') ? ['travel' as const] : []),
  ];
}

export function isReadyToFulfil(order: Order): boolean {
  return order.status === 'confirmed' && !isOnHold(order) && invoiceIssued.includes(order.modules.finance?.state ?? '');
}

export function isReadyToComplete(order: Order, requiredModules: readonly ModuleName[]): boolean {
  return (
    order.status === 'fulfilling' &&
    !isOnHold(order) &&
    expectedModules(order)
      .filter((module) => requiredModules.includes(module))
      .every((module) => order.modules[module]?.state === happyEnd[module])
  );
}

/**
 * The automatic transitions of CONTRACT §3 that the order is now due, in order: a single
 * fact (the last hold released, the invoice paid) may carry it from confirmed to completed.
 */
export function progress(order: Order, context: DecisionContext): OrderEvent[] {
  if (isReadyToFulfil(order)) {
    const started: OrderEvent = { type: 'OrderFulfillmentStarted', data: { orderId: order.id, at: context.now } };
    return [started, ...progress(evolve(order, started), context)];
  }
  if (isReadyToComplete(order, requiredModulesOf(context))) {
    return [{ type: 'OrderCompleted', data: { orderId: order.id, at: context.now } }];
  }
  return [];
}

/** The given events, followed by whatever automatic transitions they make due. */
export function thenProgress(order: Order, events: OrderEvent[], context: DecisionContext): OrderEvent[] {
  return [...events, ...progress(events.reduce(evolve, order), context)];
}
