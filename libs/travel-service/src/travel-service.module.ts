import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { BookingOperations } from './booking-operations';
import { BookingReactor } from './booking-reactor';
import { TravelCommandsController } from './travel-commands.controller';

/** Travel: one booking per order with travel lines, reserved at once, then confirmed, travelled or failed by the supplier. */
@Module({
  imports: [PlatformModule.forService('travel')],
  controllers: [TravelCommandsController],
  providers: [BookingReactor, BookingOperations],
})
export class TravelServiceModule {}
