/**
 * Checks on what the typed operations send, made before any request (`ValidationError`, nothing
 * reaches the gateway): phones, whole-shilling amounts within each operation's limits, Salami
 * ids, app ids and short texts. The limits are Daraja's, which the gateway's drivers pass through.
 */
import { assertMoney, type Money, toWholeMajorUnits, ValidationError } from '@lipwa/core';

/** `250000` -> `250,000`, without the host's locale data. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export interface AmountLimits {
  /** KES. */
  readonly min: number;
  readonly max: number;
}

/** B2C (sendMoney): Daraja's KES 10 to 250,000 per transaction. */
export const SEND_MONEY_LIMITS: AmountLimits = Object.freeze({ min: 10, max: 250_000 });
/** Airtime: assumed KES 5 to 10,000, Safaricom's per-purchase range. */
export const AIRTIME_LIMITS: AmountLimits = Object.freeze({ min: 5, max: 10_000 });
/** C2B simulation: Daraja's KES 1 to 250,000. */
export const SIMULATE_LIMITS: AmountLimits = Object.freeze({ min: 1, max: 250_000 });

export function msisdn(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^254[17]\d{8}$/.test(value)) {
    throw new ValidationError(
      'invalid_phone',
      `${field} must be a normalised 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).`,
      { details: { field } },
    );
  }
  return value;
}

/** Whole KES within `limits`; refuses other currencies and cents. */
export function wholeShillings(field: string, money: Money, limits: AmountLimits): number {
  if (typeof money !== 'object' || money === null || money.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be KES money such as { amount: 50000, currency: 'KES' } (minor units).`,
      { details: { field } },
    );
  }
  try {
    assertMoney(money);
  } catch (error) {
    throw new ValidationError('invalid_amount', `${field}: ${(error as Error).message}`, {
      details: { field },
    });
  }
  const shillings = toWholeMajorUnits(money);
  if (shillings === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be whole shillings (M-Pesa takes no cents), got ${money.amount} cents.`,
      { details: { field } },
    );
  }
  if (shillings < limits.min || shillings > limits.max) {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be from KES ${limits.min} to KES ${grouped(limits.max)}, got KES ${shillings}.`,
      { details: { field, min: limits.min, max: limits.max } },
    );
  }
  return shillings;
}

/** A Salami transaction id: digits. */
export function salamiId(field: string, value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,17}$/.test(text)) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be a Salami transaction id (digits), such as the providerRef initiate() returned.`,
      { details: { field } },
    );
  }
  return text;
}

/** A payment app id given per call; undefined keeps the default. */
export function appId(value: number | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[1-9]\d{0,17}$/.test(text)) {
    throw new ValidationError('invalid_field', 'app must be a payment app id such as 3.', {
      details: { field: 'app' },
    });
  }
  return text;
}

/** Printable text of 1 to `max` characters, or undefined; refused, never cut. */
export function optionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || Array.from(text).length > max || /\p{Cc}/u.test(text)) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be printable text of 1 to ${max} characters.`,
      { details: { field, max } },
    );
  }
  return text;
}

export function requiredText(field: string, value: unknown, max: number): string {
  const text = optionalText(field, value ?? '', max);
  if (text === undefined) throw new ValidationError('invalid_field', `${field} is required.`);
  return text;
}
