import { isIsoCurrency } from './currencies';

describe('ISO 4217 currencies', () => {
  it.each(['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK', 'XCG', 'ZWG', 'SLE'])('accepts %s', (code) => expect(isIsoCurrency(code)).toBe(true));

  it.each(['eur', 'Eur', 'EURO', 'EU', '', ' EUR', 'ABC', 'XXX', 'XTS', 'XAU', 'HRK', 'ZWL', 'ANG'])('refuses %j', (code) =>
    expect(isIsoCurrency(code)).toBe(false));

  it.each([undefined, null, 978, {}, ['EUR']])('refuses the non-string %j', (code) => expect(isIsoCurrency(code)).toBe(false));
});
