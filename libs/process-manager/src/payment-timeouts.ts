import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { RecordedEvent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, PG_POOL, PLATFORM_CONFIG, Reactor, RecentFailure, type PlatformConfig } from '@oms/platform';
import { deadlineFor, onDeadline, type Fact } from '@oms/process-manager-domain';
import type { Pool, PoolClient } from 'pg';
import { factOf } from './module-facts';
import { sendOrderCommand, type CommandTransport } from './order-commands';
import { claimDue, migratePaymentDeadlines, retryLater, schedule, settle, type ScheduledDeadline } from './payment-deadline-table';
import { ORDERING_CLIENT } from './tokens';

export const PAYMENT_DEADLINES_SUBSCRIPTION = 'process-manager-deadlines';

export interface PaymentTimeoutTuning {
  /** How often due deadlines are looked for. */
  tickMs: number;
  /** How long a claimed deadline is reserved for the timer that took it. */
  leaseMs: number;
  /** When the ordering service could not be reached, try that deadline again after this. */
  retryMs: number;
  batchSize: number;
}

export const PAYMENT_TIMEOUT_TUNING = Symbol('PAYMENT_TIMEOUT_TUNING');
export const defaultPaymentTimeoutTuning: PaymentTimeoutTuning = { tickMs: 1_000, leaseMs: 60_000, retryMs: 5_000, batchSize: 50 };

/**
 * PAYMENT_TIMEOUT: a pending order nobody paid within the timeout (from its placement) is
 * asked to cancel itself. Durable: the deadline is a row of pm_payment_deadlines, written by a
 * subscription to the order events in the same transaction as its checkpoint (OrderPlaced
 * schedules it, OrderConfirmed or OrderCancelled settles it), and a timer fires the due ones.
 * The order decider ignores the request once the order is no longer pending, so a payment
 * racing the timer wins either way.
 */
@Injectable()
export class PaymentTimeouts implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('payment-timeout');
  private readonly reactor: Reactor;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private running = false;
  private readonly recentFailure = new RecentFailure();
  private readonly tuning: PaymentTimeoutTuning;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    health: HealthRegistry,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(ORDERING_CLIENT) private readonly ordering: CommandTransport,
    @Inject(PAYMENT_TIMEOUT_TUNING) tuning: Partial<PaymentTimeoutTuning>,
  ) {
    this.tuning = { ...defaultPaymentTimeoutTuning, ...tuning };
    this.reactor = new Reactor({
      name: PAYMENT_DEADLINES_SUBSCRIPTION,
      store,
      pool,
      health,
      filter: { streamPrefixes: ['order-'], eventTypes: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'] },
      handleInTransaction: (client, event) => this.record(client, event),
      // The batch's transaction writes from its first event on: keep it short (docs/adr/0002).
      maxBatchSize: 100,
    });
    health.register({ name: 'payment-timeouts', check: async () => this.check() });
  }

  async onModuleInit(): Promise<void> {
    await migratePaymentDeadlines(this.pool);
  }

  onApplicationBootstrap(): void {
    this.reactor.start();
    this.running = true;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.tick;
    await this.reactor.stop();
  }

  private async record(client: PoolClient, event: RecordedEvent): Promise<void> {
    const fact = factOf(event);
    if (fact.type === 'OrderPlaced') {
      await schedule(client, deadlineFor(fact as Fact<'OrderPlaced'>, this.config.paymentTimeoutMs), event.metadata.correlationId);
    } else {
      await settle(client, fact.orderId, fact.type === 'OrderConfirmed' ? 'paid' : 'cancelled');
    }
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.tick = this.fireDue()
        .then(() => this.recentFailure.clear())
        .catch((error: unknown) => {
          this.recentFailure.record(error);
          this.logger.error(`payment deadlines: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => this.schedule());
    }, this.tuning.tickMs);
  }

  /** Fires every deadline that is due; returns how many it handled. */
  async fireDue(): Promise<number> {
    const { now, due } = await claimDue(this.pool, this.tuning.batchSize, this.tuning.leaseMs);
    for (const deadline of due) await this.fire(deadline, now);
    return due.length;
  }

  private async fire(deadline: ScheduledDeadline, now: string): Promise<void> {
    // The row is `scheduled`, so as far as this manager knows the order is still pending.
    const commands = onDeadline(deadline, { status: 'pending' }, now);
    try {
      for (const command of commands) {
        const outcome = await sendOrderCommand(this.ordering, command, deadline.correlationId);
        if (!outcome.accepted) this.logger.warn(`order ${deadline.orderId} refused the payment timeout: ${outcome.code} (${outcome.message})`);
      }
      if (commands.length > 0) {
        await settle(this.pool, deadline.orderId, 'timeout-sent');
        this.logger.log(`order ${deadline.orderId}: payment timeout (due ${deadline.dueAt})`);
      }
    } catch (error) {
      this.logger.warn(`order ${deadline.orderId}: payment timeout not sent, retrying later: ${error instanceof Error ? error.message : String(error)}`);
      await retryLater(this.pool, deadline.orderId, this.tuning.retryMs);
    }
  }

  private check(): void {
    if (!this.running) throw new Error('stopped');
    this.recentFailure.check();
  }
}
