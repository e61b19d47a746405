import { DomainError, orderingPatterns } from '@oms/contracts';
import type { OrderCommand } from '@oms/process-manager-domain';
import { isRefusal, orderMessage, sendOrderCommand, type CommandTransport } from './order-commands';

const record: OrderCommand = {
  kind: 'recordModuleState',
  orderId: 'o-1',
  module: 'finance',
  state: 'issued',
  sourceEventId: 'evt-1',
  at: '2026-03-01T10:00:00.000Z',
  commandId: 'cmd-1',
  causationId: 'evt-1',
};
const veto: OrderCommand = {
  kind: 'requestCancellation',
  orderId: 'o-1',
  reason: 'BOOKING_FAILED',
  note: 'no seats',
  at: '2026-03-01T10:00:00.000Z',
  commandId: 'cmd-2',
  causationId: 'evt-2',
};

const transport = (outcome: () => Promise<unknown>): CommandTransport & { sent: unknown[] } => {
  const sent: unknown[] = [];
  return { sent, send: async <R>(pattern: string, payload: unknown) => (sent.push({ pattern, payload }), (await outcome()) as R) };
};

describe('the process manager’s commands to the order', () => {
  it('sends each command with its derived id, the causing event as cause, and the process manager as actor', () => {
    expect(orderMessage(record, 'corr-1')).toEqual({
      pattern: orderingPatterns.recordModuleState,
      payload: {
        orderId: 'o-1',
        module: 'finance',
        state: 'issued',
        sourceEventId: 'evt-1',
        context: { correlationId: 'corr-1', commandId: 'cmd-1', causationId: 'evt-1', actor: { type: 'service', id: 'process-manager', role: 'service' } },
      },
    });
    expect(orderMessage(veto, 'corr-2')).toMatchObject({
      pattern: orderingPatterns.requestCancellation,
      payload: { orderId: 'o-1', reason: 'BOOKING_FAILED', note: 'no seats', context: { commandId: 'cmd-2', causationId: 'evt-2' } },
    });
  });

  it('skips what the order refuses and retries what was not heard', async () => {
    expect(isRefusal(new DomainError('INVALID_TRANSITION', 'cancelled'))).toBe(true);
    expect(isRefusal(new DomainError('CANCELLATION_NOT_ALLOWED', 'shipped'))).toBe(true);
    expect(isRefusal(new DomainError('SERVICE_UNAVAILABLE', 'down'))).toBe(false);
    expect(isRefusal(new DomainError('CONCURRENCY_CONFLICT', 'busy'))).toBe(false);
    expect(isRefusal(new Error('socket closed'))).toBe(false);

    expect(await sendOrderCommand(transport(async () => ({})), record, 'c')).toEqual({ accepted: true });
    expect(await sendOrderCommand(transport(() => Promise.reject(new DomainError('CANCELLATION_NOT_ALLOWED', 'shipped'))), veto, 'c')).toEqual({
      accepted: false,
      code: 'CANCELLATION_NOT_ALLOWED',
      message: 'shipped',
    });
    await expect(sendOrderCommand(transport(() => Promise.reject(new DomainError('SERVICE_UNAVAILABLE', 'down'))), record, 'c')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
