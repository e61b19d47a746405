import { Injectable } from '@nestjs/common';
import { streams } from '@oms/contracts';
import { evolve, noInvoice, reactToOrderEvent, type Invoice, type InvoiceEvent } from '@oms/finance-domain';
import { ModuleStreamReactor, type ModuleStream } from '@oms/platform';

/**
 * Finance's part of an order: a confirmed order is invoiced and the invoice settled by the
 * payment that confirmed it; a cancelled order's paid invoice is refunded. One invoice stream
 * per order (`invoice-<orderId>`); the decider ignores what is already done, and the appended
 * events' ids derive from the order event, so a redelivery acts once.
 */
export const invoices = { module: 'finance', streamId: streams.invoice, initialState: noInvoice, evolve, reactToOrderEvent } satisfies ModuleStream<Invoice, InvoiceEvent>;

export const FINANCE_SUBSCRIPTION = invoices.module;

@Injectable()
export class InvoiceReactor extends ModuleStreamReactor(invoices) {}
