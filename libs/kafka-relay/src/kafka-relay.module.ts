import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { KafkaRelayService } from './kafka-relay.service';

/** The `kafka-relay` service: every published event to Kafka as CloudEvents (CONTRACT §5). */
@Module({ imports: [PlatformModule.forService('kafka-relay')], providers: [KafkaRelayService] })
export class KafkaRelayModule {}
