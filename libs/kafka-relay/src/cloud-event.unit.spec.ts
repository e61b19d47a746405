import type { RecordedEvent } from '@oms/contracts';
import { CLOUDEVENTS_CONTENT_TYPE, owningModule, publishedStreamPrefixes, toKafkaMessage, topicsOf } from './cloud-event';

const orderId = '0195f3c1-0000-7000-8000-000000000001';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: '0195f3c2-0000-7000-8000-0000000000aa',
    type: 'InvoicePaid',
    streamId: `invoice-${orderId}`,
    revision: 1,
    position: 9_007_199_254_740_993n, // above 2^53: must survive as a string
    recordedAt: new Date('2026-03-01T10:00:01.000Z'),
    data: { orderId, invoiceId: 'i-1', paymentId: 'p-1', amount: 2500, currency: 'EUR', paidAt: '2026-03-01T10:00:00.000Z' },
    metadata: {
      orderId,
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { type: 'service', id: 'finance', role: 'service' },
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 1,
    },
    ...overrides,
  };
}

describe('CloudEvents mapping (CONTRACT §5)', () => {
  it('maps an event to its module topic, keyed by order, with every CloudEvents field', () => {
    const message = toKafkaMessage(recorded(), 'oms');
    expect(message?.topic).toBe('oms.finance');
    expect(message?.key).toBe(orderId);
    expect(message?.headers).toEqual({ 'content-type': CLOUDEVENTS_CONTENT_TYPE });
    expect(JSON.parse(message!.value)).toEqual({
      specversion: '1.0',
      id: '0195f3c2-0000-7000-8000-0000000000aa',
      source: '/oms/finance',
      type: 'oms.finance.InvoicePaid.v1',
      subject: orderId,
      time: '2026-03-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: recorded().data,
      correlationid: 'corr-1',
      causationid: 'cause-1',
      sequence: '9007199254740993',
    });
  });

  it('carries the schema version in the type', () => {
    const event = recorded({ type: 'OrderPlaced', streamId: `order-${orderId}` });
    event.metadata = { ...event.metadata, schemaVersion: 2 };
    expect(JSON.parse(toKafkaMessage(event, 'x')!.value).type).toBe('oms.ordering.OrderPlaced.v2');
  });

  it.each([
    ['OrderHoldPlaced', 'order-', 'ordering'],
    ['ShipmentReturned', 'shipment-', 'logistics'],
    ['BookingFailed', 'booking-', 'travel'],
    ['NotificationSent', 'notification-', 'notification'],
  ])('publishes %s on the %s… stream to %s', (type, stream, module) => {
    expect(owningModule({ type, streamId: `${stream}${orderId}` })).toBe(module);
  });

  it('publishes a type the catalogue does not know yet on the topic of its stream, not nowhere', () => {
    expect(owningModule({ type: 'ShipmentRerouted', streamId: `shipment-${orderId}` })).toBe('logistics');
    expect(toKafkaMessage(recorded({ type: 'InvoiceDisputed' }), 'oms')?.topic).toBe('oms.finance');
  });

  it('publishes only the contract streams, never internal ones', () => {
    expect([...publishedStreamPrefixes].sort()).toEqual(['booking-', 'invoice-', 'notification-', 'order-', 'shipment-']);
    expect(publishedStreamPrefixes.some((prefix) => `ordering-intent-${orderId}`.startsWith(prefix))).toBe(false);
    expect(owningModule({ type: 'OrderIntentClaimed', streamId: `ordering-intent-${orderId}` })).toBeUndefined();
    // Even a catalogue type, should a service ever write one on an internal stream.
    expect(toKafkaMessage(recorded({ type: 'OrderPlaced', streamId: `ordering-intent-${orderId}` }), 'oms')).toBeUndefined();
  });

  it('names one topic per module under the prefix', () => {
    expect(topicsOf('oms').sort()).toEqual(['oms.finance', 'oms.logistics', 'oms.notification', 'oms.ordering', 'oms.travel']);
  });
});
