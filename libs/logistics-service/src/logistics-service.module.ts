import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { LogisticsCommandsController } from './logistics-commands.controller';
import { ShipmentOperations } from './shipment-operations';
import { ShipmentReactor } from './shipment-reactor';

/** Logistics: one shipment per order with physical lines, moved along by the warehouse's operators. */
@Module({
  imports: [PlatformModule.forService('logistics')],
  controllers: [LogisticsCommandsController],
  providers: [ShipmentReactor, ShipmentOperations],
})
export class LogisticsServiceModule {}
