import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { travelPatterns, type AdvanceBookingCommand, type ModuleRowReply } from '@oms/contracts';
import { BookingOperations } from './booking-operations';

/** The travel service's message endpoint (gateway → travel). */
@Controller()
export class TravelCommandsController {
  constructor(private readonly operations: BookingOperations) {}

  @MessagePattern(travelPatterns.advance)
  advance(@Payload() command: AdvanceBookingCommand): Promise<ModuleRowReply> {
    return this.operations.advance(command);
  }
}
