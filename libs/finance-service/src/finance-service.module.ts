import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { InvoiceReactor } from './invoice-reactor';

/** Finance: invoices orders on confirmation and refunds them on cancellation; no commands of its own. */
@Module({ imports: [PlatformModule.forService('finance')], providers: [InvoiceReactor] })
export class FinanceServiceModule {}
