import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { logisticsPatterns, type AdvanceShipmentCommand, type ModuleRowReply } from '@oms/contracts';
import { ShipmentOperations } from './shipment-operations';

/** The logistics service's message endpoint (gateway → logistics). */
@Controller()
export class LogisticsCommandsController {
  constructor(private readonly operations: ShipmentOperations) {}

  @MessagePattern(logisticsPatterns.advance)
  advance(@Payload() command: AdvanceShipmentCommand): Promise<ModuleRowReply> {
    return this.operations.advance(command);
  }
}
