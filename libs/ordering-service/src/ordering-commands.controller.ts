import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  newId,
  orderingPatterns,
  type AddLineCommand,
  type ChangeLineQuantityCommand,
  type OrderCommandReply,
  type PlaceHoldCommand,
  type PlaceOrderCommand,
  type RecordModuleStateCommand,
  type RecordPaymentCommand,
  type ReleaseHoldCommand,
  type RemoveLineCommand,
  type RequestCancellationCommand,
} from '@oms/contracts';
import type { OrderView } from '@oms/ordering-domain';
import { OrderCommandHandler } from './order-command-handler';
import { OrderPlacement } from './order-placement';
import { meaningfulNote } from './schema-versions';

type Reply = Promise<OrderCommandReply<OrderView>>;

/** The ordering service's message endpoint: one pattern per order command. */
@Controller()
export class OrderingCommandsController {
  constructor(
    private readonly handler: OrderCommandHandler,
    private readonly placement: OrderPlacement,
  ) {}

  @MessagePattern(orderingPatterns.place)
  place(@Payload() command: PlaceOrderCommand): Reply {
    return this.placement.place(command);
  }

  @MessagePattern(orderingPatterns.addLine)
  addLine(@Payload() { orderId, line, context, expectedVersion }: AddLineCommand): Reply {
    return this.handler.execute(orderId, { type: 'AddOrderLine', data: { ...line, lineId: newId() } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.changeLineQuantity)
  changeLineQuantity(@Payload() { orderId, lineId, quantity, context, expectedVersion }: ChangeLineQuantityCommand): Reply {
    return this.handler.execute(orderId, { type: 'ChangeOrderLineQuantity', data: { lineId, quantity } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.removeLine)
  removeLine(@Payload() { orderId, lineId, context, expectedVersion }: RemoveLineCommand): Reply {
    return this.handler.execute(orderId, { type: 'RemoveOrderLine', data: { lineId } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.recordPayment)
  recordPayment(@Payload() { orderId, paymentId, amount, currency, context, expectedVersion }: RecordPaymentCommand): Reply {
    return this.handler.execute(orderId, { type: 'RecordPayment', data: { paymentId, amount, currency } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.requestCancellation)
  requestCancellation(@Payload() { orderId, reason, note, context, expectedVersion }: RequestCancellationCommand): Reply {
    return this.handler.execute(orderId, { type: 'RequestCancellation', data: { reason, ...meaningfulNote(note) } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.placeHold)
  async placeHold(@Payload() { orderId, type, reason, context, expectedVersion }: PlaceHoldCommand): Reply {
    const holdId = newId();
    const reply = await this.handler.execute(orderId, { type: 'PlaceHold', data: { holdId, type, reason } }, context, expectedVersion);
    return { ...reply, holdId };
  }

  @MessagePattern(orderingPatterns.releaseHold)
  releaseHold(@Payload() { orderId, holdId, reason, context, expectedVersion }: ReleaseHoldCommand): Reply {
    return this.handler.execute(orderId, { type: 'ReleaseHold', data: { holdId, reason } }, context, expectedVersion);
  }

  @MessagePattern(orderingPatterns.recordModuleState)
  recordModuleState(@Payload() { orderId, module, state, sourceEventId, context, expectedVersion }: RecordModuleStateCommand): Reply {
    return this.handler.execute(orderId, { type: 'RecordModuleState', data: { module, state, sourceEventId } }, context, expectedVersion);
  }
}
