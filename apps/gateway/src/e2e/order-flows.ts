import { apiClient, eventually, type ApiResponse } from '@oms/testing';

export type Api = ReturnType<typeof apiClient>;
export type ProductType = 'physical' | 'digital' | 'travel';

export const client = 'dev-client';
export const operator = 'dev-operator';
export const auditor = 'dev-auditor';

let sequence = 0;

/** The parts of the CONTRACT §2 order view these tests look at. */
export interface OrderResource {
  id: string;
  orderNumber: string;
  status: string;
  currency: string;
  version: number;
  lines: { lineId: string }[];
  totals: { total: number };
  modules: Record<string, { state: string; updatedAt: string }>;
  holds: { holdId: string }[];
  cancellation?: { reason: string; note: string | null };
}

export function line(productType: ProductType, unitPrice = 1000, quantity = 1) {
  sequence += 1;
  return { sku: `${productType.toUpperCase()}-${sequence}`, productType, quantity, unitPrice, description: `${productType} item` };
}

export function expectStatus<Body>(response: ApiResponse<Body>, status: number): Body {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Step helpers over the gateway, in the words of the contract. */
export function orderFlows(api: Api) {
  const flows = {
    async place(types: ProductType[], extra: Record<string, unknown> = {}): Promise<OrderResource> {
      const body = { customerId: `customer-${Date.now()}`, currency: 'EUR', lines: types.map((type) => line(type)), ...extra };
      return expectStatus(await api<OrderResource>('POST', '/api/v1/orders', { key: client, body }), 201);
    },
    async pay(order: OrderResource, paymentId = `pay-${order.id}`): Promise<OrderResource> {
      return expectStatus(await api<OrderResource>('POST', `/api/v1/orders/${order.id}/payments`, { key: client, body: { paymentId, amount: order.totals.total, currency: order.currency } }), 200);
    },
    async read(orderId: string): Promise<OrderResource> {
      return expectStatus(await api<OrderResource>('GET', `/api/v1/orders/${orderId}`, { key: client }), 200);
    },
    /** Waits until the read model shows what `check` expects. */
    until(orderId: string, check: (order: OrderResource) => boolean, what: string, timeoutMs = 15_000): Promise<OrderResource> {
      return eventually(async () => {
        const last = await flows.read(orderId);
        if (!check(last)) throw new Error(`order ${orderId} never became ${what}; last seen ${JSON.stringify(last)}`);
        return last;
      }, timeoutMs);
    },
    untilStatus(orderId: string, status: string, timeoutMs?: number) {
      return flows.until(orderId, (order) => order.status === status, status, timeoutMs);
    },
    untilModule(orderId: string, module: string, state: string, timeoutMs?: number) {
      return flows.until(orderId, (order) => order.modules?.[module]?.state === state, `${module}:${state}`, timeoutMs);
    },
    shipment(orderId: string, step: string) {
      return api('POST', `/api/v1/orders/${orderId}/shipment/${step}`, { key: operator, body: {} });
    },
    booking(orderId: string, step: string, body: Record<string, unknown> = {}) {
      return api('POST', `/api/v1/orders/${orderId}/booking/${step}`, { key: operator, body });
    },
    cancel(orderId: string, reason = 'CUSTOMER_REQUEST') {
      return api('POST', `/api/v1/orders/${orderId}/cancel`, { key: client, body: { reason, note: 'changed my mind' } });
    },
    async notifications(orderId: string): Promise<{ kind: string }[]> {
      return expectStatus(await api('GET', `/api/v1/orders/${orderId}/notifications`, { key: operator }), 200);
    },
    /** Walks every module row the order has to its terminal-happy state. */
    async fulfil(orderId: string, types: ProductType[]) {
      if (types.includes('physical')) {
        await flows.untilModule(orderId, 'logistics', 'waiting');
        for (const step of ['pick', 'pack', 'ship', 'deliver']) expectStatus(await flows.shipment(orderId, step), 200);
      }
      if (types.includes('travel')) {
        await flows.untilModule(orderId, 'travel', 'reserved');
        for (const step of ['confirm', 'travel']) expectStatus(await flows.booking(orderId, step), 200);
      }
    },
  };
  return flows;
}
