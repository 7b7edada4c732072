/**
 * Money is an integer count of minor units (cents) plus an ISO 4217 currency code, never a
 * float. Providers' wire formats (Daraja's whole shillings, a gateway's "100.00") are each
 * adapter's business.
 */
import { ValidationError } from './errors.js';

export interface Money {
  /** Integer minor units: KES 1,500.00 is 150000. */
  readonly amount: number;
  /** ISO 4217, upper case: `KES`. A property of the merchant account, not a constant. */
  readonly currency: string;
}

// ISO 4217 exponents that differ from 2; everything else Lipwa meets uses cents.
const zeroDecimalCurrencies = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const threeDecimalCurrencies = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function minorUnitExponent(currency: string): number {
  if (zeroDecimalCurrencies.has(currency)) return 0;
  if (threeDecimalCurrencies.has(currency)) return 3;
  return 2;
}

/** Largest amount the kit accepts at all; providers narrow it further. */
export const MAX_MINOR_AMOUNT = Number.MAX_SAFE_INTEGER;

/** Throws `invalid_amount` unless `money` is a positive integer amount in a well-formed currency. */
export function assertMoney(money: Money): Money {
  if (!/^[A-Z]{3}$/.test(money.currency)) {
    throw new ValidationError(
      'invalid_amount',
      `Currency must be a 3-letter ISO 4217 code such as KES, got "${money.currency}".`,
      {
        details: { field: 'currency' },
      },
    );
  }
  if (!Number.isSafeInteger(money.amount) || money.amount <= 0) {
    throw new ValidationError(
      'invalid_amount',
      `Amount must be a positive whole number of minor units (KES 10.00 is 1000), got ${money.amount}.`,
      {
        details: { field: 'amount' },
      },
    );
  }
  return money;
}

/** `{ amount: 150000, currency: 'KES' }` -> `"1500.00"`: exact decimal text for wire formats. */
export function toDecimalString(money: Money): string {
  const exponent = minorUnitExponent(money.currency);
  if (exponent === 0) return String(money.amount);
  const text = String(Math.abs(money.amount)).padStart(exponent + 1, '0');
  const sign = money.amount < 0 ? '-' : '';
  return `${sign}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

/** `"1500.5"`, `"1500"`, `"1,500.50"` -> minor units; refuses more decimals than the currency has. */
export function fromDecimalString(text: string, currency: string): Money {
  const exponent = minorUnitExponent(currency);
  const cleaned = text.trim().replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match || (match[2]?.length ?? 0) > exponent) {
    throw new ValidationError(
      'invalid_amount',
      `"${text}" is not an amount in ${currency} (at most ${exponent} decimals).`,
    );
  }
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  return assertMoney({ amount: Number(`${match[1]}${fraction}`), currency });
}

/** Whole major units, or undefined when the amount has a fractional part. */
export function toWholeMajorUnits(money: Money): number | undefined {
  const factor = 10 ** minorUnitExponent(money.currency);
  return money.amount % factor === 0 ? money.amount / factor : undefined;
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/**
 * Human text for the widget and emails: `KES 1,500` / `KES 1,500.50`, the way Kenyan receipts
 * write amounts in English and Swahili alike. Built by hand rather than with `Intl.NumberFormat`:
 * a page's first currency formatter costs tens of milliseconds in Chromium, on the path to the
 * widget's first paint, and the result would be the same.
 */
export function formatMoney(money: Money): string {
  const [whole = '0', fraction = ''] = toDecimalString(money).replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = /^0*$/.test(fraction) ? '' : `.${fraction}`;
  return `${money.currency} ${money.amount < 0 ? '-' : ''}${grouped}${cents}`;
}
