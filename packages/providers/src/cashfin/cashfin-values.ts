/**
 * The values Cashfin's typed operations send and read, checked before anything is sent
 * (`ValidationError`, nothing reaches Cashfin): MongoDB ObjectIDs, ISO 8601 dates, short texts,
 * and money. Lipwa's money is integer minor units; Cashfin writes money as a floating-point
 * number in the business's currency, so amounts cross the wire as decimals with at most two
 * places and come back as `Money` (rounded to the cent).
 */
import { assertMoney, type Money, toDecimalString, ValidationError } from '@lipwa/core';
import { z } from 'zod';

/** `250000` -> `250,000`, without the host's locale data. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Cashfin's ids: 24 hex characters. */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

function refuse(field: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new ValidationError('invalid_field', message, { details: { field, ...extra } });
}

export function objectId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) {
    refuse(field, `${field} must be a Cashfin id: 24 hexadecimal characters.`);
  }
  return value;
}

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A `Date` or an ISO 8601 text (`2026-04-30`, `2026-04-30T12:00:00Z`), sent as ISO 8601. */
export function isoDateText(field: string, value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && isoDate.test(value) && !Number.isNaN(Date.parse(value))) {
    return value;
  }
  return refuse(field, `${field} must be a Date or an ISO 8601 date such as 2026-04-30.`);
}

function hasControlCharacters(text: string): boolean {
  return /\p{Cc}/u.test(text.replace(/[\n\t]/g, ''));
}

/** Trimmed printable text of 1 to `max` characters; refused, never cut. */
export function shortText(field: string, value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || Array.from(text).length > max || hasControlCharacters(text)) {
    refuse(field, `${field} must be printable text of 1 to ${max} characters.`, { max });
  }
  return text;
}

export function optionalText(field: string, value: unknown, max: number): string | undefined {
  return value === undefined ? undefined : shortText(field, value, max);
}

export interface AmountLimits {
  /** Whole shillings only (an M-Pesa payment cannot take cents). */
  readonly whole?: boolean;
  /** In major units (KES). */
  readonly min?: number;
  readonly max?: number;
}

/**
 * Lipwa money as Cashfin's number. KES only: Cashfin's one payment method is M-Pesa Kenya, and
 * a business in another currency would be told here rather than billed in the wrong one.
 */
export function toCashfinAmount(field: string, money: Money, limits: AmountLimits = {}): number {
  if (typeof money !== 'object' || money === null || money.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be KES money such as { amount: 150000, currency: 'KES' } (minor units).`,
      { details: { field } },
    );
  }
  try {
    assertMoney(money);
  } catch (error) {
    throw new ValidationError(
      'invalid_amount',
      `${field}: ${error instanceof Error ? error.message : 'not an amount'}`,
      { details: { field } },
    );
  }
  const decimal = Number(toDecimalString(money));
  if (limits.whole && !Number.isInteger(decimal)) {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be whole shillings (M-Pesa takes no cents), got KES ${toDecimalString(money)}.`,
      { details: { field } },
    );
  }
  if (
    (limits.min !== undefined && decimal < limits.min) ||
    (limits.max !== undefined && decimal > limits.max)
  ) {
    throw new ValidationError(
      'invalid_amount',
      `${field} must be from KES ${limits.min ?? 0}${limits.max === undefined ? '' : ` to KES ${grouped(limits.max)}`}, got KES ${toDecimalString(money)}.`,
      { details: { field, min: limits.min, max: limits.max } },
    );
  }
  return decimal;
}

/** Cashfin's money on the wire: a number (numeric text tolerated), never negative. */
export const wireAmount = z.union([
  z.number().finite().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

/** A Cashfin amount as Lipwa money, rounded to the cent. */
export function moneyFrom(value: number, currency: string | undefined): Money {
  return { amount: Math.round(value * 100), currency: currency ?? 'KES' };
}

/** A page number or size for a list: a whole number from 1 to `max`. */
export function pageNumber(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    refuse(field, `${field} must be a whole number from 1 to ${max}.`, { max });
  }
  return value;
}
