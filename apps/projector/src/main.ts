import 'reflect-metadata';
import { ProjectorModule } from '@oms/projector';
import { bootstrapService } from '@oms/platform';

void bootstrapService('projector', ProjectorModule);
