import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { PLATFORM_CONFIG, PlatformModule, type PlatformConfig } from '@oms/platform';
import { LogMailer, MAILER, type Mailer } from './mailer';
import { NotificationReactor } from './notification-reactor';
import { NotificationSender, SENDER_TUNING } from './notification-sender';
import { SmtpMailer } from './smtp-mailer';

/** Closes the SMTP connection last, once the sender has stopped. */
@Injectable()
class MailerConnection implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  onApplicationShutdown(): Promise<void> {
    return this.mailer.close();
  }
}

function mailerFor(config: PlatformConfig): Mailer {
  const logger = new Logger('notification');
  if (!config.smtpUrl) {
    logger.log('SMTP_URL is not set: notifications are written to the log');
    return new LogMailer();
  }
  logger.log('notifications are sent by SMTP');
  return new SmtpMailer(config.smtpUrl);
}

/** Notification: one message per order when it is confirmed, completed or cancelled. */
@Module({
  imports: [PlatformModule.forService('notification')],
  providers: [
    { provide: MAILER, inject: [PLATFORM_CONFIG], useFactory: mailerFor },
    { provide: SENDER_TUNING, useValue: {} },
    MailerConnection,
    NotificationSender,
    NotificationReactor,
  ],
})
export class NotificationServiceModule {}
