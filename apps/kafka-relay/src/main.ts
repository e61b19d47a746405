import 'reflect-metadata';
import { KafkaRelayModule } from '@oms/kafka-relay';
import { bootstrapService } from '@oms/platform';

void bootstrapService('kafka-relay', KafkaRelayModule);
