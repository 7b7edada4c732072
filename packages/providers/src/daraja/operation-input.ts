/**
 * Field rules shared by Daraja's org operations (B2C, transaction status, reversal, balance, C2B
 * simulate): checked before anything is sent, so a request Daraja would refuse never leaves.
 * Every failure is a `ValidationError` naming the field; secrets never appear in messages.
 */
import {
  assertMoney,
  ConfigError,
  type Money,
  toWholeMajorUnits,
  ValidationError,
} from '@lipwa/core';
import type { DarajaConfig } from './daraja-options.js';

/** daraja.md: KES 1 minimum and KES 250,000 maximum per transaction (B2C included). */
export const ORG_MIN_AMOUNT_KES = 1;
export const ORG_MAX_AMOUNT_KES = 250_000;
/** Remarks and Occasion: Daraja takes 2-100 characters. */
export const REMARKS_MAX = 100;

export interface AmountRule {
  readonly min: number;
  readonly max: number;
  /** Names the operation in the message ("B2C payments"). */
  readonly what: string;
}

/** Whole shillings from minor units; refuses other currencies, cents and out-of-range amounts. */
export function wholeShillings(amount: Money, rule: AmountRule): number {
  if (typeof amount !== 'object' || amount === null || amount.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa moves only KES, got ${String(amount?.currency)}: give the amount in KES minor units.`,
      { details: { field: 'amount.currency' } },
    );
  }
  assertMoney(amount);
  const shillings = toWholeMajorUnits(amount);
  if (shillings === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa takes whole shillings only, got ${amount.amount} cents: use a multiple of 100 minor units.`,
      { details: { field: 'amount.amount' } },
    );
  }
  if (shillings < rule.min || shillings > rule.max) {
    throw new ValidationError(
      'invalid_amount',
      `${rule.what} take KES ${rule.min.toLocaleString('en-KE')} to KES ${rule.max.toLocaleString('en-KE')}, got KES ${shillings.toLocaleString('en-KE')}.`,
      { details: { field: 'amount.amount', min: rule.min, max: rule.max } },
    );
  }
  return shillings;
}

/** `2547XXXXXXXX` / `2541XXXXXXXX`, as core's `parseMsisdn` gives it. */
export function checkMsisdn(phone: unknown, field = 'phone'): string {
  if (typeof phone !== 'string' || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).',
      { details: { field } },
    );
  }
  return phone;
}

/** An absolute http(s) URL Daraja can reach; production only calls HTTPS URLs. */
export function checkUrl(config: DarajaConfig, value: unknown, field: string): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be an absolute http(s) URL Daraja can reach.`,
      { details: { field } },
    );
  }
  if (config.environment === 'production' && url.protocol !== 'https:') {
    throw new ValidationError(
      'invalid_field',
      `${field} must use https: Daraja production only calls HTTPS URLs.`,
      { details: { field } },
    );
  }
  return value as string;
}

/** Remarks or Occasion: trimmed, 2-100 characters (Daraja refuses an empty Remarks). */
export function checkRemarks(value: unknown, field: string, fallback: string): string {
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : undefined;
  if (value !== undefined && (text === undefined || text.length < 2 || text.length > REMARKS_MAX)) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be 2-${REMARKS_MAX} characters of text.`,
      { details: { field } },
    );
  }
  return text ?? fallback;
}

/** An M-Pesa transaction id (receipt), e.g. `NLJ7RT61SV`. */
export function checkTransactionId(value: unknown, field = 'transactionId'): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{8,20}$/.test(value)) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be an M-Pesa transaction id such as NLJ7RT61SV (letters and digits).`,
      { details: { field } },
    );
  }
  return value.toUpperCase();
}

/** A 5-7 digit shortcode or till. */
export function checkShortcode(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{5,7}$/.test(value)) {
    throw new ValidationError('invalid_field', `${field} must be a 5-7 digit shortcode.`, {
      details: { field },
    });
  }
  return value;
}

/** The caller's idempotency key, or a fresh one: at most 64 of letters, digits and `-`/`_`. */
export function originatorConversationId(value: unknown): string {
  if (value === undefined) return globalThis.crypto.randomUUID();
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new ValidationError(
      'invalid_field',
      'originatorConversationId must be 1-64 letters, digits, "-" or "_" (reuse it to retry the same request safely).',
      { details: { field: 'originatorConversationId' } },
    );
  }
  return value;
}

/** The API user's name and encrypted password; without them these operations cannot be sent. */
export function initiator(
  config: DarajaConfig,
  what: string,
): { readonly name: string; readonly securityCredential: string } {
  if (config.initiatorName === undefined || config.securityCredential === undefined) {
    throw new ConfigError(
      `${what} needs an API initiator: set initiatorName and securityCredential (the initiator password encrypted with Safaricom's certificate, from the Daraja portal).`,
    );
  }
  return { name: config.initiatorName, securityCredential: config.securityCredential };
}
