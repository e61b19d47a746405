import { newId } from '@oms/contracts';
import type { ApiRole } from '@oms/platform';
import { roleSets } from '../auth/roles';

export const orderId = newId();
export const lineId = newId();
export const holdId = newId();

export const validLine = { sku: 'SKU-1', productType: 'physical', quantity: 2, unitPrice: 1250, description: 'a chair' };
export const validPlaceOrder = { customerId: 'cust-1', currency: 'EUR', lines: [validLine], intent: { sourceSystem: 'shop', orderIntentId: 'cart-1' } };

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  roles: readonly ApiRole[];
  /** What an allowed caller gets while no service runs behind the gateway and the read models are empty. */
  whenAllowed: number;
}

/** Every route of CONTRACT §2 (base /api/v1) with a valid request and the roles allowed to call it. */
export const routeCases: RouteCase[] = [
  { method: 'POST', path: '/orders', body: validPlaceOrder, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/lines`, body: validLine, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'PUT', path: `/orders/${orderId}/lines/${lineId}`, body: { quantity: 3 }, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'DELETE', path: `/orders/${orderId}/lines/${lineId}`, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/payments`, body: { paymentId: 'pay-1', amount: 2500, currency: 'EUR' }, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/cancel`, body: { reason: 'CUSTOMER_REQUEST', note: 'no longer needed' }, roles: roleSets.clientCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/holds`, body: { type: 'FRAUD', reason: 'check' }, roles: roleSets.operatorCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/holds/${holdId}/release`, body: { reason: 'checked' }, roles: roleSets.operatorCommands, whenAllowed: 503 },
  ...['pick', 'pack', 'ship', 'deliver', 'return'].map((step) => ({ method: 'POST' as const, path: `/orders/${orderId}/shipment/${step}`, body: {}, roles: roleSets.operatorCommands, whenAllowed: 503 })),
  { method: 'POST', path: `/orders/${orderId}/booking/confirm`, body: {}, roles: roleSets.operatorCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/booking/travel`, roles: roleSets.operatorCommands, whenAllowed: 503 },
  { method: 'POST', path: `/orders/${orderId}/booking/fail`, body: { reason: 'no seats' }, roles: roleSets.operatorCommands, whenAllowed: 503 },
  { method: 'GET', path: '/orders', roles: roleSets.orderReads, whenAllowed: 200 },
  { method: 'GET', path: '/orders?status=pending&limit=5', roles: roleSets.orderReads, whenAllowed: 200 },
  { method: 'GET', path: `/orders/${orderId}`, roles: roleSets.orderReads, whenAllowed: 404 },
  { method: 'GET', path: '/orders/by-number/ORD-2026-000001', roles: roleSets.orderReads, whenAllowed: 404 },
  { method: 'GET', path: `/orders/${orderId}/timeline`, roles: roleSets.orderReads, whenAllowed: 404 },
  { method: 'GET', path: `/orders/${orderId}/notifications`, roles: roleSets.operatorReads, whenAllowed: 404 },
  { method: 'GET', path: `/orders/${orderId}/history`, roles: roleSets.auditReads, whenAllowed: 503 },
  { method: 'GET', path: `/orders/${orderId}?asOf=2026-03-01T12:00:00Z`, roles: roleSets.auditReads, whenAllowed: 503 },
];

export const devKeys: Record<ApiRole, string> = { client: 'dev-client', operator: 'dev-operator', auditor: 'dev-auditor', admin: 'dev-admin' };
