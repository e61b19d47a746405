import { MailNotAccepted } from './mailer';

/** How a failed send is treated: tried again (surely not sent) or left alone (maybe sent). */
export type FailedSend = { retry: true; delayMs: number } | { retry: false; giveUp: 'failed' | 'uncertain' };

export const MAX_SEND_ATTEMPTS = 8;

/**
 * A refusal (MailNotAccepted) is retried with a growing delay, up to MAX_SEND_ATTEMPTS, then
 * given up as `failed`. Anything else may have delivered the message: `uncertain`, never sent
 * again (at most once: one lost message rather than a duplicate).
 */
export function afterFailedSend(error: unknown, attempts: number, baseDelayMs = 1_000): FailedSend {
  if (!(error instanceof MailNotAccepted)) return { retry: false, giveUp: 'uncertain' };
  if (attempts >= MAX_SEND_ATTEMPTS) return { retry: false, giveUp: 'failed' };
  return { retry: true, delayMs: Math.min(baseDelayMs * 2 ** (attempts - 1), 5 * 60_000) };
}

/**
 * A row left `sending` by a sender that died: if its NotificationSent is in the stream, the
 * message was accepted and only the row's update was lost. Otherwise, by email nobody knows
 * whether the SMTP exchange finished, and it is not sent again; on the log channel nothing left
 * the platform, so it is sent again (at worst a second log line; NotificationSent keeps its id,
 * so the order still shows one message).
 */
export function afterInterruptedSend(eventRecorded: boolean, channel: 'email' | 'log'): 'sent' | 'uncertain' | 'resend' {
  if (eventRecorded) return 'sent';
  return channel === 'log' ? 'resend' : 'uncertain';
}
