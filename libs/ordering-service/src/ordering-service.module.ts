import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { OrderCommandHandler } from './order-command-handler';
import { OrderHistory } from './order-history';
import { OrderHistoryController } from './order-history.controller';
import { OrderNumbers } from './order-numbers';
import { OrderPlacement } from './order-placement';
import { OrderStreams } from './order-streams';
import { OrderingCommandsController } from './ordering-commands.controller';

@Module({
  imports: [PlatformModule.forService('ordering')],
  controllers: [OrderingCommandsController, OrderHistoryController],
  providers: [OrderStreams, OrderCommandHandler, OrderPlacement, OrderNumbers, OrderHistory],
})
export class OrderingServiceModule {}
