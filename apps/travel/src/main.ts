import 'reflect-metadata';
import { TravelServiceModule } from '@oms/travel-service';
import { bootstrapService } from '@oms/platform';

void bootstrapService('travel', TravelServiceModule);
