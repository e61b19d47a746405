import 'reflect-metadata';
import { LogisticsServiceModule } from '@oms/logistics-service';
import { bootstrapService } from '@oms/platform';

void bootstrapService('logistics', LogisticsServiceModule);
