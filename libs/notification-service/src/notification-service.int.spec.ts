import { Test, type TestingModule } from '@nestjs/testing';
import { streams } from '@oms/contracts';
import type { EventStore } from '@oms/event-store';
import { EVENT_STORE, HealthRegistry, loadPlatformConfig, PG_POOL, PLATFORM_CONFIG } from '@oms/platform';
import { createTestDatabase, eventually, OrderEvents, type TestDatabase } from '@oms/testing';
import { Client, type Pool } from 'pg';
import { MAILER, MailNotAccepted, type Mailer, type OutgoingMail } from './mailer';
import { notificationIdFor } from './notification';
import { NotificationServiceModule } from './notification-service.module';
import { SENDER_TUNING } from './notification-sender';

/** Records what it was asked to send; can be told to refuse or to break for a subject. */
class RecordingMailer implements Mailer {
  readonly channel = 'email' as const;
  readonly sent: OutgoingMail[] = [];
  readonly attempts: OutgoingMail[] = [];
  readonly failures = new Map<string, Error[]>();

  async send(mail: OutgoingMail): Promise<void> {
    this.attempts.push(mail);
    const failure = this.failures.get(mail.to)?.shift();
    if (failure) throw failure;
    this.sent.push(mail);
  }

  async close(): Promise<void> {}

  to(orderCustomer: string): OutgoingMail[] {
    return this.sent.filter((mail) => mail.to.startsWith(`${orderCustomer}@`));
  }
}

describe('notification service (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TestingModule | undefined;
  let mailer: RecordingMailer;
  let store: EventStore;
  let pool: Pool;

  async function start(): Promise<void> {
    app = await Test.createTestingModule({ imports: [NotificationServiceModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(loadPlatformConfig({ DATABASE_URL: database.url }))
      .overrideProvider(MAILER)
      .useValue(mailer)
      .overrideProvider(SENDER_TUNING)
      .useValue({ tickMs: 50, interruptedAfterMs: 500, retryBaseMs: 50 })
      .compile();
    await app.init();
    store = app.get(EVENT_STORE);
    pool = app.get(PG_POOL);
  }

  beforeAll(async () => {
    database = await createTestDatabase('notification');
    mailer = new RecordingMailer();
    await start();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const outbox = async (orderId: string) =>
    (await pool.query<{ kind: string; state: string; attempts: number }>('SELECT kind, state, attempts FROM notification_outbox WHERE order_id = $1 ORDER BY created_at', [orderId])).rows;
  const sentEvents = async (orderId: string) => store.readStream(streams.notification(orderId));

  it('sends one message per order and kind, records NotificationSent, and is healthy', async () => {
    const order = new OrderEvents({ customerId: 'alice' });
    const lines = [order.line('physical')];
    await store.append(order.streamId, [order.placed(lines), order.confirmed(lines)], { expected: 'no_stream' });
    await eventually(async () => expect(await sentEvents(order.orderId)).toHaveLength(1));
    // A second confirmation of the same order (another event, same meaning) sends nothing.
    await store.append(order.streamId, [order.confirmed(lines), order.completed()], { expected: 1 });
    await eventually(async () => expect(await sentEvents(order.orderId)).toHaveLength(2));

    expect(mailer.to('alice').map((mail) => mail.subject)).toEqual(['Order ORD-2026-000001 confirmed', 'Order ORD-2026-000001 completed']);
    const [confirmed, completed] = await sentEvents(order.orderId);
    expect(confirmed.eventId).toBe(notificationIdFor(order.orderId, 'order_confirmed'));
    expect(completed.eventId).toBe(notificationIdFor(order.orderId, 'order_completed'));
    expect(confirmed.data).toMatchObject({ orderId: order.orderId, kind: 'order_confirmed', channel: 'email', recipient: 'alice@customers.invalid' });
    expect(confirmed.metadata).toMatchObject({ correlationId: order.correlationId, actor: { type: 'service', id: 'notification', role: 'service' } });
    expect(await outbox(order.orderId)).toEqual([
      { kind: 'order_confirmed', state: 'sent', attempts: 1 },
      { kind: 'order_completed', state: 'sent', attempts: 1 },
    ]);
    const health = await app!.get(HealthRegistry).report();
    expect(health.checks['subscription:notification']).toEqual({ status: 'up' });
    expect(health.checks['notification-outbox']).toEqual({ status: 'up' });
  });

  it('sends nothing again when the whole log is delivered again after a restart', async () => {
    const order = new OrderEvents({ customerId: 'bob' });
    const lines = [order.line('digital')];
    await store.append(order.streamId, [order.placed(lines), order.cancelled('pending', 'PAYMENT_TIMEOUT')], { expected: 'no_stream' });
    await eventually(async () => expect(await sentEvents(order.orderId)).toHaveLength(1));
    const before = mailer.sent.length;

    await app!.close();
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const { rowCount } = await admin.query(`UPDATE es_checkpoints SET position = 0 WHERE subscription = 'notification'`);
    await admin.end();
    expect(rowCount).toBe(1);
    await start();
    const marker = new OrderEvents({ customerId: 'carol' });
    await store.append(marker.streamId, [marker.placed(lines), marker.confirmed(lines)], { expected: 'no_stream' });
    await eventually(async () => expect(mailer.to('carol')).toHaveLength(1));
    expect(mailer.sent.length).toBe(before + 1);
    expect(mailer.to('bob').map((mail) => mail.subject)).toEqual(['Order ORD-2026-000001 cancelled']);
  });

  it('retries a refused message, but never one that may have gone out', async () => {
    mailer.failures.set('dora@customers.invalid', [new MailNotAccepted('451 try later')]);
    mailer.failures.set('erin@customers.invalid', [new Error('Connection closed unexpectedly')]);
    const refused = new OrderEvents({ customerId: 'dora' });
    const broken = new OrderEvents({ customerId: 'erin' });
    const lines = [refused.line('digital')];
    await store.append(refused.streamId, [refused.placed(lines), refused.confirmed(lines)], { expected: 'no_stream' });
    await store.append(broken.streamId, [broken.placed(lines), broken.confirmed(lines)], { expected: 'no_stream' });

    await eventually(async () => expect(await outbox(refused.orderId)).toEqual([{ kind: 'order_confirmed', state: 'sent', attempts: 2 }]));
    await eventually(async () => expect(await outbox(broken.orderId)).toEqual([{ kind: 'order_confirmed', state: 'uncertain', attempts: 1 }]));
    expect(mailer.to('dora')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mailer.attempts.filter((mail) => mail.to.startsWith('erin@'))).toHaveLength(1);
    expect(await sentEvents(broken.orderId)).toEqual([]);
  });

  it('settles sends interrupted by a dead sender without sending them again', async () => {
    // As a sender that died mid-send leaves them: `sending`, claimed long ago.
    const delivered = new OrderEvents({ customerId: 'frank' });
    const unknown = new OrderEvents({ customerId: 'gina' });
    // frank's NotificationSent made it to the store before the process died; gina's did not.
    // (Appended before the rows exist: the sender's tick must never see frank's row without it.)
    const sentAt = new Date().toISOString();
    await store.append(streams.notification(delivered.orderId), [
      {
        ...delivered.event('NotificationSent', { notificationId: notificationIdFor(delivered.orderId, 'order_confirmed'), kind: 'order_confirmed', channel: 'email', recipient: 'frank@customers.invalid', subject: 's', body: 'b', sentAt }),
        eventId: notificationIdFor(delivered.orderId, 'order_confirmed'),
      },
    ]);
    for (const order of [delivered, unknown]) {
      await pool.query(
        `INSERT INTO notification_outbox (notification_id, order_id, kind, recipient, subject, body, causation_id, correlation_id, state, attempts, claimed_at)
         VALUES ($1, $2, 'order_confirmed', $3, 's', 'b', $4, 'c', 'sending', 1, now() - interval '1 hour')`,
        [notificationIdFor(order.orderId, 'order_confirmed'), order.orderId, `${order === delivered ? 'frank' : 'gina'}@customers.invalid`, order.correlationId],
      );
    }
    await eventually(async () => expect(await outbox(delivered.orderId)).toEqual([{ kind: 'order_confirmed', state: 'sent', attempts: 1 }]));
    await eventually(async () => expect(await outbox(unknown.orderId)).toEqual([{ kind: 'order_confirmed', state: 'uncertain', attempts: 1 }]));
    expect(mailer.attempts.filter((mail) => /^(frank|gina)@/.test(mail.to))).toEqual([]);
  });
});
