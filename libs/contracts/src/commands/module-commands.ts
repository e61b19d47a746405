import type { ShipmentStep } from '../events/logistics-events';
import type { BookingStep } from '../events/travel-events';
import type { CommandContext } from './command-context';

/** Operator commands on module rows (gateway → logistics / travel). */
export const logisticsPatterns = { advance: 'logistics.advance' } as const;
export const travelPatterns = { advance: 'travel.advance' } as const;

export interface AdvanceShipmentCommand {
  orderId: string;
  step: ShipmentStep;
  context: CommandContext;
}
export interface AdvanceBookingCommand {
  orderId: string;
  step: BookingStep;
  /** Required for `fail`: why the supplier rejected the booking. */
  reason?: string;
  context: CommandContext;
}
/** Reply: the module row as the command left it. */
export interface ModuleRowReply {
  orderId: string;
  module: 'logistics' | 'travel';
  state: string;
  updatedAt: string;
}
