import 'reflect-metadata';
import { OrderingServiceModule } from '@oms/ordering-service';
import { bootstrapService } from '@oms/platform';

void bootstrapService('ordering', OrderingServiceModule);
