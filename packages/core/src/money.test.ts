import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LipwaError } from './errors.js';
import {
  assertMoney,
  formatMoney,
  fromDecimalString,
  toDecimalString,
  toWholeMajorUnits,
} from './money.js';

describe('money', () => {
  it('writes minor units as exact decimal text', () => {
    expect(toDecimalString({ amount: 150000, currency: 'KES' })).toBe('1500.00');
    expect(toDecimalString({ amount: 5, currency: 'KES' })).toBe('0.05');
    expect(toDecimalString({ amount: 1500, currency: 'UGX' })).toBe('1500');
    expect(toDecimalString({ amount: 1500, currency: 'KWD' })).toBe('1.500');
  });

  it('reads decimal text back without floating-point loss', () => {
    expect(fromDecimalString('1500.5', 'KES')).toEqual({ amount: 150050, currency: 'KES' });
    expect(fromDecimalString('1,500', 'KES')).toEqual({ amount: 150000, currency: 'KES' });
    expect(fromDecimalString('0.29', 'KES')).toEqual({ amount: 29, currency: 'KES' });
  });

  it('round-trips every amount through decimal text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.constantFrom('KES', 'UGX', 'KWD'),
        (amount, currency) => {
          expect(fromDecimalString(toDecimalString({ amount, currency }), currency)).toEqual({
            amount,
            currency,
          });
        },
      ),
    );
  });

  it.each([
    [{ amount: 0, currency: 'KES' }],
    [{ amount: -100, currency: 'KES' }],
    [{ amount: 10.5, currency: 'KES' }],
    [{ amount: Number.NaN, currency: 'KES' }],
    [{ amount: 100, currency: 'kes' }],
    [{ amount: 100, currency: 'KESH' }],
  ])('refuses %o with invalid_amount', (money) => {
    expect(() => assertMoney(money)).toThrowError(
      expect.objectContaining({ code: 'invalid_amount' }),
    );
  });

  it('refuses more decimals than the currency has', () => {
    expect(() => fromDecimalString('10.005', 'KES')).toThrow(LipwaError);
    expect(() => fromDecimalString('ten', 'KES')).toThrow(/not an amount/);
  });

  it('gives whole major units only when there are no cents', () => {
    expect(toWholeMajorUnits({ amount: 150000, currency: 'KES' })).toBe(1500);
    expect(toWholeMajorUnits({ amount: 150050, currency: 'KES' })).toBeUndefined();
  });

  it('formats amounts for people, with cents only when there are some', () => {
    expect(formatMoney({ amount: 150000, currency: 'KES' })).toBe('KES 1,500');
    expect(formatMoney({ amount: 150050, currency: 'KES' })).toBe('KES 1,500.50');
    expect(formatMoney({ amount: 5, currency: 'KES' })).toBe('KES 0.05');
    expect(formatMoney({ amount: 25_000_000_00, currency: 'KES' })).toBe('KES 25,000,000');
    expect(formatMoney({ amount: 1500, currency: 'UGX' })).toBe('UGX 1,500');
  });

  it('groups thousands exactly as Intl does for Kenya, for every amount', () => {
    const intl = (amount: number, digits: number) =>
      new Intl.NumberFormat('en-KE', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(amount);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 13 }), (amount) => {
        const digits = amount % 100 === 0 ? 0 : 2;
        expect(formatMoney({ amount, currency: 'KES' })).toBe(`KES ${intl(amount / 100, digits)}`);
      }),
    );
  });
});
