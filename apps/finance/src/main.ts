import 'reflect-metadata';
import { FinanceServiceModule } from '@oms/finance-service';
import { bootstrapService } from '@oms/platform';

void bootstrapService('finance', FinanceServiceModule);
