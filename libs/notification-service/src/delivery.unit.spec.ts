import { afterFailedSend, afterInterruptedSend, MAX_SEND_ATTEMPTS } from './delivery';
import { certainlyNotSent, MailNotAccepted } from './mailer';

describe('what a failed send means', () => {
  it('knows a refusal or a connection never made sent nothing', () => {
    expect(certainlyNotSent({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(certainlyNotSent({ code: 'EMESSAGE', responseCode: 451 })).toBe(true);
    expect(certainlyNotSent({ code: 'ESOCKET', syscall: 'connect' })).toBe(true);
    expect(certainlyNotSent({ code: 'EAUTH' })).toBe(true);
    expect(certainlyNotSent({ code: 'EDNS' })).toBe(true);
  });

  it('does not know about a connection lost or timed out once the session is up', () => {
    expect(certainlyNotSent({ code: 'ECONNECTION' })).toBe(false);
    expect(certainlyNotSent({ code: 'ETIMEDOUT' })).toBe(false);
    expect(certainlyNotSent({ code: 'ESOCKET' })).toBe(false);
    expect(certainlyNotSent({})).toBe(false);
    expect(certainlyNotSent({ responseCode: 250 })).toBe(false);
  });

  it('retries a refusal with a growing delay, then gives up', () => {
    expect(afterFailedSend(new MailNotAccepted('451'), 1, 1_000)).toEqual({ retry: true, delayMs: 1_000 });
    expect(afterFailedSend(new MailNotAccepted('451'), 3, 1_000)).toEqual({ retry: true, delayMs: 4_000 });
    expect(afterFailedSend(new MailNotAccepted('451'), 30, 1_000)).toEqual({ retry: false, giveUp: 'failed' });
    expect(afterFailedSend(new MailNotAccepted('451'), MAX_SEND_ATTEMPTS, 1_000)).toEqual({ retry: false, giveUp: 'failed' });
  });

  it('never sends again what may have gone out', () => {
    expect(afterFailedSend(new Error('socket hang up'), 1)).toEqual({ retry: false, giveUp: 'uncertain' });
    expect(afterInterruptedSend(false, 'email')).toBe('uncertain');
    expect(afterInterruptedSend(true, 'email')).toBe('sent');
    // Nothing left the platform on the log channel: sending again is safe.
    expect(afterInterruptedSend(false, 'log')).toBe('resend');
    expect(afterInterruptedSend(true, 'log')).toBe('sent');
  });
});
