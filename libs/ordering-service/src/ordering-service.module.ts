import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { OrderCommandHandler } from './order-command-handler';
import { OrderNumbers } from './order-numbers';
import { OrderPlacement } from './order-placement';
import { OrderStreams } from './order-streams';
import { OrderingCommandsController } from './ordering-commands.controller';

@Module({
  imports: [PlatformModule.forService('ordering')],
  controllers: [OrderingCommandsController],
  providers: [OrderStreams, OrderCommandHandler, OrderPlacement, OrderNumbers],
})
export class OrderingServiceModule {}
