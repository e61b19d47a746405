import 'reflect-metadata';
import { ProcessManagerModule } from '@oms/process-manager';
import { bootstrapService } from '@oms/platform';

void bootstrapService('process-manager', ProcessManagerModule);
