/**
 * Every ResultCode daraja.md lists, mapped to Lipwa's canonical status and reason. Callbacks send
 * the code as a number and STK query as a string; both land here.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';

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
});

/** Maps a ResultCode (number or text) to a status and reason; unknown codes fail as `unknown`, raw code kept. */
export function mapDarajaResult(code: string | number, description?: string): MappedDarajaResult {
  const providerCode = String(code).trim();
  const known = Object.hasOwn(darajaResultCodes, providerCode)
    ? darajaResultCodes[providerCode]
    : undefined;
  const message =
    description?.trim() || known?.description || `Unknown Daraja ResultCode ${providerCode}.`;
  if (!known) return { status: 'failed', reason: 'unknown', providerCode, message };
  return known.reason === undefined
    ? { status: known.status, providerCode, message }
    : { status: known.status, reason: known.reason, providerCode, message };
}
