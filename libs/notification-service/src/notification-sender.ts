import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { streams, type NewEvent, type NotificationSent } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { currentSchemaVersion, EVENT_STORE, HealthRegistry, PG_POOL, RecentFailure, serviceActor } from '@oms/platform';
import type { Pool } from 'pg';
import { afterFailedSend, afterInterruptedSend } from './delivery';
import { MAILER, type Mailer } from './mailer';
import { claimPending, interruptedSends, markRefused, markSent, markUncertain, type OutboxRow } from './notification-outbox';

export interface SenderTuning {
  tickMs: number;
  batchSize: number;
  /** A row `sending` for longer than this was abandoned by a dead sender (well above the SMTP timeouts). */
  interruptedAfterMs: number;
  retryBaseMs: number;
}

export const SENDER_TUNING = Symbol('SENDER_TUNING');
export const defaultSenderTuning: SenderTuning = { tickMs: 500, batchSize: 20, interruptedAfterMs: 120_000, retryBaseMs: 1_000 };
/** On the log channel a send is a log line and an append: a row `sending` this long was abandoned. */
const LOG_CHANNEL_INTERRUPTED_AFTER_MS = 5_000;

/**
 * Works off notification_outbox: claim (commit `sending`), send through the Mailer, append
 * NotificationSent (its id is the notification id, so appending it again is a no-op), mark
 * `sent`.
 *
 * The window, honestly: between the commit of `sending` and the mailer's answer nobody can
 * know whether an email went out if the process dies; such a row is never sent again (at most
 * once). On the log channel nothing leaves the platform, so such a row is sent again. Within a live process, an SMTP refusal (4xx/5xx, no connection) is retried,
 * because nothing was delivered; a connection lost after the message was transmitted is
 * treated like a crash (`uncertain`). What stays possible is SMTP's own gap: a server that
 * accepted the message, and whose acceptance never reached us, looks like a lost connection:
 * we then report `uncertain` although it was delivered; never a second message.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('notification');
  private readonly tuning: SenderTuning;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private readonly recentFailure = new RecentFailure();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MAILER) private readonly mailer: Mailer,
    health: HealthRegistry,
    @Inject(SENDER_TUNING) tuning: Partial<SenderTuning>,
  ) {
    this.tuning = { ...defaultSenderTuning, ...(mailer.channel === 'log' ? { interruptedAfterMs: LOG_CHANNEL_INTERRUPTED_AFTER_MS } : {}), ...tuning };
    health.register({ name: 'notification-outbox', check: async () => this.check() });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Work off the outbox now (new intents were just committed), and then every tick. */
  kick(): void {
    if (!this.running) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.current = this.workOff()
      .then(() => this.recentFailure.clear())
      .catch((error: unknown) => {
        this.recentFailure.record(error);
        this.logger.error(`outbox: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.current = undefined;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.tuning.tickMs);
      });
  }

  /** One pass: settle interrupted sends, then send what is pending. */
  async workOff(): Promise<void> {
    for (const row of await interruptedSends(this.pool, this.tuning.interruptedAfterMs)) await this.settleInterrupted(row);
    for (;;) {
      const rows = await claimPending(this.pool, this.tuning.batchSize);
      for (const row of rows) await this.send(row);
      if (rows.length < this.tuning.batchSize || !this.running) return;
    }
  }

  private async send(row: OutboxRow): Promise<void> {
    try {
      await this.mailer.send({ to: row.recipient, subject: row.subject, text: row.body, attachments: row.attachments });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const decision = afterFailedSend(error, row.attempts, this.tuning.retryBaseMs);
      if (decision.retry) {
        this.logger.warn(`${row.kind} for order ${row.orderId} refused (attempt ${row.attempts}), retrying in ${decision.delayMs} ms: ${message}`);
        await markRefused(this.pool, row.notificationId, message, decision.delayMs);
      } else if (decision.giveUp === 'failed') {
        this.logger.error(`${row.kind} for order ${row.orderId} refused ${row.attempts} times; given up: ${message}`);
        await markRefused(this.pool, row.notificationId, message, undefined);
      } else {
        this.logger.error(`${row.kind} for order ${row.orderId}: unknown whether it was delivered, not sending it again: ${message}`);
        await markUncertain(this.pool, row.notificationId, message);
      }
      return;
    }
    const sentAt = new Date().toISOString();
    await this.recordSent(row, sentAt);
    await markSent(this.pool, row.notificationId, this.mailer.channel, sentAt);
  }

  private async recordSent(row: OutboxRow, sentAt: string): Promise<void> {
    const data: NotificationSent = {
      orderId: row.orderId,
      notificationId: row.notificationId,
      kind: row.kind,
      channel: this.mailer.channel,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      sentAt,
    };
    const event: NewEvent = {
      eventId: row.notificationId,
      type: 'NotificationSent',
      data,
      metadata: {
        orderId: row.orderId,
        correlationId: row.correlationId,
        causationId: row.causationId,
        actor: serviceActor('notification'),
        occurredAt: sentAt,
        schemaVersion: currentSchemaVersion,
      },
    };
    await this.store.append(streams.notification(row.orderId), [event], { expected: 'any' });
  }

  private async settleInterrupted(row: OutboxRow): Promise<void> {
    const events = await this.store.readStream(streams.notification(row.orderId));
    const sent = events.find((event) => event.eventId === row.notificationId);
    const outcome = afterInterruptedSend(sent !== undefined, this.mailer.channel);
    if (outcome === 'sent') {
      await markSent(this.pool, row.notificationId, String((sent?.data as NotificationSent).channel), (sent?.data as NotificationSent).sentAt);
    } else if (outcome === 'resend') {
      this.logger.warn(`${row.kind} for order ${row.orderId}: the sender stopped mid-send on the log channel; sending it again`);
      await markRefused(this.pool, row.notificationId, 'interrupted mid-send (log channel: sent again)', 0);
    } else {
      this.logger.error(`${row.kind} for order ${row.orderId}: the sender stopped mid-send; unknown whether it was delivered, not sending it again`);
      await markUncertain(this.pool, row.notificationId, 'interrupted mid-send');
    }
  }

  private check(): void {
    if (!this.running) throw new Error('stopped');
    this.recentFailure.check();
  }
}
