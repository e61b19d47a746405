import { isUuidV7 } from '@oms/contracts';
import { correlationIdFrom } from './correlation-id';

describe('correlation id', () => {
  it('keeps a short plain id', () => {
    expect(correlationIdFrom('req-42.a_B')).toBe('req-42.a_B');
    expect(correlationIdFrom('x'.repeat(100))).toBe('x'.repeat(100));
  });

  it.each([[undefined], [''], ['x'.repeat(101)], ['has space'], ['semi;colon'], ['new\nline'], ['ünï']])('replaces %p with a new UUID v7', (header) =>
    expect(isUuidV7(correlationIdFrom(header))).toBe(true),
  );

  it('replaces a repeated header', () => expect(isUuidV7(correlationIdFrom(['a', 'b']))).toBe(true));
});
