import { Inject, Injectable } from '@nestjs/common';
import { DomainError, derivedId, type CommandContext, type OrderCommandReply } from '@oms/contracts';
import { WrongExpectedVersion } from '@oms/event-store';
import { decide, evolve, orderView, type Order, type OrderCommand, type OrderView } from '@oms/ordering-domain';
import { envelope, PLATFORM_CONFIG, type PlatformConfig } from '@oms/platform';
import { OrderStreams } from './order-streams';
import { withCurrentSchemaVersions } from './schema-versions';

/** Re-deciding on fresh state is always safe for the order's commands; bounded so a hot order fails cleanly. */
const MAX_ATTEMPTS = 8;

/**
 * Load → decide → append with the expected revision. When the client sent `If-Match`, a
 * stale version is its conflict to resolve (409); otherwise a concurrent writer only means the
 * decision must be taken again on the new state.
 */
@Injectable()
export class OrderCommandHandler {
  constructor(
    private readonly streams: OrderStreams,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute(orderId: string, command: OrderCommand, context: CommandContext, expectedVersion?: number): Promise<OrderCommandReply<OrderView>> {
    for (let attempt = 1; ; attempt++) {
      const { order, revision } = await this.streams.load(orderId);
      if (revision < 0 && command.type !== 'PlaceOrder') throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
      if (expectedVersion !== undefined && expectedVersion !== revision) {
        throw new DomainError('CONCURRENCY_CONFLICT', `the order is at version ${revision}, not ${expectedVersion}`);
      }
      const now = new Date().toISOString();
      const events = decide(order, command, { now, requiredModules: this.config.modulesRequiredForCompletion });
      if (events.length === 0) return { order: viewOf(order, revision) };
      const newEvents = withCurrentSchemaVersions(
        envelope(
          events,
          { orderId, correlationId: context.correlationId, causationId: context.causationId ?? context.commandId, actor: context.actor, occurredAt: now },
          // A redelivered command (same commandId) re-appends the same ids: the store drops them.
          (_event, index) => derivedId(context.commandId, String(index)),
        ),
      );
      try {
        const { nextExpectedRevision } = await this.streams.append(orderId, newEvents, revision);
        return { order: viewOf(events.reduce(evolve, order), nextExpectedRevision) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        if (expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) {
          throw new DomainError('CONCURRENCY_CONFLICT', 'the order changed while the command was being decided; read it again and retry');
        }
      }
    }
  }
}

export function viewOf(order: Order, revision: number): OrderView {
  return { ...orderView(order), version: revision };
}
