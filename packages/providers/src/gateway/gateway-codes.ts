/**
 * The gateway's codes in one table: every operation status (-1..6) and every documented result
 * code, with what Lipwa makes of them. `status` says where a payment stands; `result` whether
 * the gateway processed the operation (a non-zero code explains a refusal); `provider_result`
 * carries the mobile operator's own code, which for M-Pesa is Safaricom's ResultCode and the
 * only place a failure's cause (no funds, cancelled, no answer) shows.
 */
import type { FailureReason, PaymentStatus } from '@lipwa/core';
import { darajaResultCodes } from '../daraja/result-codes.js';

export interface GatewayStatusMapping {
  readonly name: string;
  readonly status: PaymentStatus;
  /** The reason when neither the result nor the provider's code says more. */
  readonly reason?: FailureReason;
  readonly description: string;
}

export interface GatewayResultMapping {
  readonly message: string;
  /** Why a payment failed, when this result code is the explanation. */
  readonly reason?: FailureReason;
  /** Set on codes that refuse the request itself (nothing happened to any payment). */
  readonly refusal?: 'provider_auth_failed';
  readonly description: string;
}

export const gatewayCodes = Object.freeze({
  statuses: Object.freeze({
    // Undefined is what the gateway says in an error situation: not a verdict, so keep asking.
    '-1': {
      name: 'undefined',
      status: 'pending',
      description: 'Operation status is undefined (for example in an error situation).',
    },
    '0': { name: 'initiated', status: 'pending', description: 'Operation is initiated.' },
    '1': { name: 'in progress', status: 'pending', description: 'Operation is in progress.' },
    '2': { name: 'success', status: 'completed', description: 'Operation is successful.' },
    '3': {
      name: 'failed',
      status: 'failed',
      reason: 'provider_error',
      description: 'Operation is failed.',
    },
    '4': {
      name: 'cancelled',
      status: 'cancelled',
      reason: 'cancelled_by_user',
      description: 'Operation is cancelled.',
    },
    // A POS status: part of the money moved back. Never `completed` (the amount is not what was
    // asked), and a person must look: final, as a provider error.
    '5': {
      name: 'cancelled partially',
      status: 'failed',
      reason: 'provider_error',
      description: 'Operation is cancelled partially (POS payments).',
    },
    // Money held but not delivered yet: not an end.
    '6': {
      name: 'in_transit',
      status: 'pending',
      description: 'Operation is in transition (POS payments, withdrawals).',
    },
  } satisfies Record<string, GatewayStatusMapping>),
  results: Object.freeze({
    '0': { message: 'OK', description: 'Operation is successful.' },
    '1': {
      message: 'INVALID PIN',
      reason: 'wrong_pin',
      description: 'PIN wasn’t accepted by Provider.',
    },
    '2': {
      message: 'PIN IS BLANK',
      reason: 'wrong_pin',
      description: 'PIN wasn’t accepted by Provider.',
    },
    '3': {
      message: 'INVALID PIN LENGTH',
      reason: 'wrong_pin',
      description: 'PIN wasn’t accepted by Provider.',
    },
    '10201': {
      message: 'MERCHANT AUTHENTICATION ERROR',
      refusal: 'provider_auth_failed',
      description:
        'The merchant’s request was not authenticated (for example, an incorrect signature).',
    },
  } satisfies Record<string, GatewayResultMapping>),
});

export const MERCHANT_AUTHENTICATION_ERROR = 10201;

/** What the gateway said about one operation, as parsed from a status or initiate answer. */
export interface GatewayOutcomeCodes {
  readonly status: number;
  readonly resultCode: number;
  readonly resultMessage?: string | undefined;
  readonly providerCode?: string | undefined;
  readonly providerMessage?: string | undefined;
}

export interface MappedGatewayOutcome {
  readonly status: PaymentStatus;
  readonly reason?: FailureReason;
  /** The gateway's status code as text; the result and provider codes are in `message`. */
  readonly providerCode: string;
  readonly message: string;
}

function lookup<T>(table: Readonly<Record<string, T>>, code: string | number): T | undefined {
  const key = String(code);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Safaricom's ResultCode, relayed in `provider_result`, is the most precise cause there is. */
function operatorReason(providerCode: string | undefined): FailureReason | undefined {
  if (providerCode === undefined || providerCode === '0') return undefined;
  return lookup(darajaResultCodes, providerCode)?.reason;
}

function describe(codes: GatewayOutcomeCodes, name: string): string {
  const text = (message: string | undefined) =>
    message?.trim() ? ` ${message.trim().replace(/\.+$/, '')}` : '';
  const result = `result ${codes.resultCode}${text(codes.resultMessage)}`;
  const operator =
    codes.providerCode === undefined
      ? ''
      : `; provider ${codes.providerCode}${text(codes.providerMessage)}`;
  return `Gateway status ${codes.status} (${name}); ${result}${operator}.`;
}

/**
 * Maps a status answer to Lipwa's status and reason. An unknown status (the full specification
 * already has a 7) is `pending`: never final on a code we do not know.
 */
export function mapGatewayOutcome(codes: GatewayOutcomeCodes): MappedGatewayOutcome {
  const known = lookup<GatewayStatusMapping>(gatewayCodes.statuses, codes.status);
  const providerCode = String(codes.status);
  const message = describe(codes, known?.name ?? 'unknown');
  if (!known) return { status: 'pending', providerCode, message };
  if (known.status === 'pending' || known.status === 'completed') {
    return { status: known.status, providerCode, message };
  }
  const reason =
    lookup<GatewayResultMapping>(gatewayCodes.results, codes.resultCode)?.reason ??
    operatorReason(codes.providerCode) ??
    known.reason ??
    'unknown';
  return { status: known.status, reason, providerCode, message };
}
