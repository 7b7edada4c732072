/**
 * Every ResultCode daraja.md lists, plus those current Daraja sends (1031, 1036, 1101, 4999,
 * SFC_IC0003), mapped to Lipwa's canonical status and reason. Codes are text: callbacks usually
 * send a number, STK query a string, and some codes are not numbers at all.
 *
 * Only a code that says the payment ended may end it. A query answer Lipwa cannot read (4999
 * "still under processing", a code it has never seen) leaves the payment pending, so the
 * reconciler asks again; a callback is Daraja's final word, so an unknown code there fails as
 * `unknown` with the code kept for support.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';
import { z } from 'zod';

export interface DarajaResultMapping {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  readonly description: string;
}

export interface MappedDarajaResult {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  /** The raw code as text, kept for support even when it is unknown. */
  readonly providerCode: string;
  /** Daraja's ResultDesc when given, else the table's description. */
  readonly message: string;
}

export const darajaResultCodes: Readonly<Record<string, DarajaResultMapping>> = Object.freeze({
  '0': { status: 'completed', description: 'The service request is processed successfully.' },
  '1': {
    status: 'failed',
    reason: 'insufficient_funds',
    description: 'The balance is insufficient for the transaction.',
  },
  '2': {
    status: 'failed',
    reason: 'amount_too_small',
    description: 'The amount is below the minimum transaction amount.',
  },
  '3': {
    status: 'failed',
    reason: 'amount_too_large',
    description: 'The amount is above the maximum per transaction.',
  },
  '4': {
    status: 'failed',
    reason: 'limit_exceeded',
    description: 'The transaction would exceed the daily transfer limit.',
  },
  '8': {
    status: 'failed',
    reason: 'limit_exceeded',
    description: 'The transaction would exceed the maximum account balance.',
  },
  '17': {
    status: 'failed',
    reason: 'duplicate_request',
    description: 'Rule limited: the same amount to the same customer within about 2 minutes.',
  },
  // Daraja's own verdict that the prompt lapsed: the one code that is a true expiry.
  '1019': { status: 'expired', reason: 'no_response', description: 'The transaction has expired.' },
  '1025': {
    status: 'failed',
    reason: 'prompt_failed',
    description:
      'An error occurred while sending the push request (often an over-long AccountReference).',
  },
  // 1031 is what some current prompts send when the customer cancels (1032 is the older code).
  '1031': {
    status: 'cancelled',
    reason: 'cancelled_by_user',
    description: 'The request was cancelled by the user.',
  },
  '1032': {
    status: 'cancelled',
    reason: 'cancelled_by_user',
    description: 'The request was cancelled by the user.',
  },
  // `failed`, not `expired`: 1037 also covers a phone that could not be reached at all, and it is
  // the provider's final word. Lipwa keeps `expired` for time running out (1019 or its own deadline).
  '1037': {
    status: 'failed',
    reason: 'no_response',
    description: 'The phone could not be reached or the customer did not answer in time.',
  },
  // The prompt never reached the customer's phone (SIM toolkit or SMSC error): nothing was paid.
  '1036': {
    status: 'failed',
    reason: 'prompt_failed',
    description: 'The prompt could not be shown on the phone (SMSC acknowledgement timeout).',
  },
  '1101': {
    status: 'failed',
    reason: 'prompt_failed',
    description: 'The prompt could not be sent to the phone.',
  },
  '2001': {
    status: 'failed',
    reason: 'wrong_pin',
    description: 'The initiator information is invalid (wrong PIN).',
  },
  '2028': {
    status: 'failed',
    reason: 'not_permitted',
    description:
      'The request is not permitted (check TransactionType and PartyB for the shortcode).',
  },
  // Not an outcome: Daraja's STK query answers this (HTTP 200) while the customer has not answered.
  '4999': { status: 'pending', description: 'The transaction is still under processing.' },
  '8006': {
    status: 'failed',
    reason: 'account_locked',
    description: 'The security credential is locked.',
  },
  '1001': {
    status: 'failed',
    reason: 'subscriber_busy',
    description: 'The subscriber is busy with another transaction.',
  },
  '26': { status: 'failed', reason: 'provider_error', description: 'The system is busy.' },
  '9999': {
    status: 'failed',
    reason: 'provider_error',
    description: 'Error sending the push request.',
  },
  // A setup problem on the merchant's side (the shortcode's operator is not configured), not
  // something the customer can retry: the code is kept so support can see it.
  SFC_IC0003: {
    status: 'failed',
    reason: 'not_permitted',
    description: 'The operator does not exist (check the shortcode set-up with Safaricom).',
  },
});

/** A ResultCode as Daraja sends it: a whole number, or text (digits or codes like `SFC_IC0003`). */
export const darajaResultCodeSchema = z.union([
  z.number().int().nonnegative().transform(String),
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/),
]);

/** The code as trimmed text, or `undefined` when `value` is not a ResultCode at all. */
export function parseDarajaResultCode(value: unknown): string | undefined {
  const parsed = darajaResultCodeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Where a code came from: a callback is Daraja's final word, a query answer may not be. */
export interface MapDarajaResultOptions {
  readonly from?: 'callback' | 'query';
}

/**
 * Maps a ResultCode (number or text) to a status and reason, raw code kept. An unknown code
 * fails as `unknown` when it came in a callback (the default) and stays `pending` when it came
 * from a query.
 */
export function mapDarajaResult(
  code: string | number,
  description?: string,
  options: MapDarajaResultOptions = {},
): MappedDarajaResult {
  const providerCode = String(code).trim();
  const known = Object.hasOwn(darajaResultCodes, providerCode)
    ? darajaResultCodes[providerCode]
    : undefined;
  const message =
    description?.trim() || known?.description || `Unknown Daraja ResultCode ${providerCode}.`;
  if (!known) {
    return options.from === 'query'
      ? { status: 'pending', providerCode, message }
      : { status: 'failed', reason: 'unknown', providerCode, message };
  }
  return known.reason === undefined
    ? { status: known.status, providerCode, message }
    : { status: known.status, reason: known.reason, providerCode, message };
}
