import { derivedId, isUuidV7, newId } from './ids';

describe('ids', () => {
  it('makes time-ordered v7 ids', () => {
    const first = newId();
    const second = newId();
    expect(isUuidV7(first)).toBe(true);
    expect(first < second).toBe(true);
  });

  it('derives the same id from the same parts, another from other parts', () => {
    expect(derivedId('evt-1', 'InvoiceIssued')).toBe(derivedId('evt-1', 'InvoiceIssued'));
    expect(derivedId('evt-1', 'InvoiceIssued')).not.toBe(derivedId('evt-2', 'InvoiceIssued'));
    expect(derivedId('a', 'bc')).not.toBe(derivedId('ab', 'c'));
  });
});
