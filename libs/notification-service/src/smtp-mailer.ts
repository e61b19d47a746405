import { createTransport, type Transporter } from 'nodemailer';
import { certainlyNotSent, MailNotAccepted, type Mailer, type OutgoingMail, type SmtpFailure } from './mailer';

const SENDER = 'OMS <no-reply@oms.invalid>';

/** SMTP through nodemailer, e.g. SMTP_URL=smtp://user:pass@mail.example.com:587. */
export class SmtpMailer implements Mailer {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(url: string, from = SENDER) {
    // Short timeouts: a hung server must not keep a message in the ambiguous `sending` state
    // longer than the outbox's lease on it.
    this.transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
    } catch (error) {
      if (certainlyNotSent(error as SmtpFailure)) throw new MailNotAccepted(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
