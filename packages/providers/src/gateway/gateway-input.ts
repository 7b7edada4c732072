/**
 * Field rules the gateway's money operations share (payouts, POS): checked before anything is
 * signed or sent, so a request the gateway would refuse never leaves. Failures are
 * `ValidationError`s naming the field.
 */
import { assertMoney, type Money, toDecimalString, ValidationError } from '@lipwa/core';
import type { GatewayConfig } from './gateway-options.js';
import { ORDER_ID_PATTERN } from './payment-c2b.js';

export interface KesLimits {
  /** In cents. */
  readonly min: number;
  readonly max: number;
  /** Names the operation in messages ("Payouts"). */
  readonly what: string;
}

/** Minor units to "two digits after the point", in a currency the account takes, within limits. */
export function gatewayAmount(config: GatewayConfig, money: Money, limits: KesLimits): string {
  if (
    typeof money !== 'object' ||
    money === null ||
    !(config.currencies as ReadonlySet<string>).has(money.currency)
  ) {
    throw new ValidationError(
      'invalid_amount',
      `This gateway account takes ${[...config.currencies].join(' or ')}, got ${String(money?.currency)}.`,
      { details: { field: 'amount.currency' } },
    );
  }
  assertMoney(money);
  if (money.currency === 'KES' && (money.amount < limits.min || money.amount > limits.max)) {
    const kes = (cents: number) => toDecimalString({ amount: cents, currency: 'KES' });
    throw new ValidationError(
      'invalid_amount',
      `${limits.what} take KES ${kes(limits.min)} to KES ${kes(limits.max)}, got KES ${toDecimalString(money)}.`,
      { details: { field: 'amount.amount', min: limits.min, max: limits.max } },
    );
  }
  return toDecimalString(money);
}

/** Safaricom's customer_id: the number with its country code, `2547…` / `2541…`. */
export function customerPhone(phone: unknown): string {
  if (typeof phone !== 'string' || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}

/** The idempotency key: at most 128 of letters, digits, `_`, `-`, `:` and `.`. */
export function orderId(value: unknown): string {
  if (typeof value !== 'string' || !ORDER_ID_PATTERN.test(value)) {
    throw new ValidationError(
      'invalid_field',
      'orderId must be at most 128 letters, digits, "_", "-", ":" or "." (reuse it to repeat a request safely).',
      { details: { field: 'orderId' } },
    );
  }
  return value;
}

export function callbackUrl(value: unknown): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError(
      'invalid_field',
      'callbackUrl must be an absolute http(s) URL the gateway can reach.',
      { details: { field: 'callbackUrl' } },
    );
  }
  return value as string;
}

/** The confirmation data of a second step (assumed a `confirmation_code`, e.g. an OTP). */
export function confirmationCode(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(value)) {
    throw new ValidationError(
      'invalid_field',
      'confirmationCode must be 1-32 letters or digits, as the confirmation message gave it.',
      { details: { field: 'confirmationCode' } },
    );
  }
  return value;
}

/** `destination_id`, the merchant's shortcode or POS destination. */
export function destinationId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new ValidationError('invalid_field', 'destinationId must be 1-64 letters or digits.', {
      details: { field: 'destinationId' },
    });
  }
  return value;
}

/** `extra`: flat text parameters, signed like everything else. */
export function extraParams(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(
      ([key, text]) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key) && typeof text === 'string',
    );
  if (!ok) {
    throw new ValidationError(
      'invalid_field',
      'extra must be an object of text values with simple keys.',
      {
        details: { field: 'extra' },
      },
    );
  }
  return value as Readonly<Record<string, string>>;
}
