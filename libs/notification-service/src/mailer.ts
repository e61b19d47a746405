import { Logger } from '@nestjs/common';
import type { Attachment } from './notification';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments: Attachment[];
}

/** Where notifications go: SMTP when SMTP_URL is set, the log otherwise. */
export interface Mailer {
  readonly channel: 'email' | 'log';
  /**
   * Resolves once the message is accepted for delivery. Throws MailNotAccepted when it surely
   * was not (it may be tried again); any other error leaves it unknown whether it went out.
   */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export const MAILER = Symbol('MAILER');

/** The message was certainly not accepted (refused, or the connection never got that far). */
export class MailNotAccepted extends Error {
  override name = 'MailNotAccepted';
}

/** Without SMTP_URL (development, `npm start`): the message is written to the log instead. */
export class LogMailer implements Mailer {
  readonly channel = 'log' as const;
  private readonly logger = new Logger('mail');

  async send(mail: OutgoingMail): Promise<void> {
    const attached = mail.attachments.map((attachment) => attachment.filename).join(', ');
    this.logger.log(`to ${mail.to}: ${mail.subject}${attached ? ` [attached: ${attached}]` : ''}\n${mail.text}`);
  }

  async close(): Promise<void> {}
}

/** What nodemailer tells about a failure: the SMTP reply code if the server answered, its own error code otherwise. */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  /** Set by Node on socket errors: `connect` means no connection was ever made. */
  syscall?: string;
}

/**
 * Failures that happen before any message data could be handed over: name resolution, TLS,
 * login, the envelope, the configuration. Not ECONNECTION, ESOCKET or ETIMEDOUT: nodemailer
 * raises those in every phase, including after the message was transmitted.
 */
const beforeHandover: readonly string[] = ['EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EENVELOPE', 'ECONFIG', 'EPROXY'];

/**
 * Whether a failed send certainly did not deliver. A server that answered with an error code
 * (4xx/5xx) did not take the message, whatever the command; a connection that was never made,
 * or a session that failed before the envelope was accepted, sent nothing. A socket error or a
 * timeout once the session is up is the classic SMTP ambiguity (RFC 1047): the server may have
 * accepted the message and its reply been lost. Only that case is unknown.
 */
export function certainlyNotSent(failure: SmtpFailure): boolean {
  if (typeof failure.responseCode === 'number' && failure.responseCode >= 400) return true;
  if (failure.syscall === 'connect') return true;
  return typeof failure.code === 'string' && beforeHandover.includes(failure.code);
}
