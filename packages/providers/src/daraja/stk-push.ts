/**
 * M-Pesa Express (STK push): checks the request against Daraja's field rules before anything is
 * sent, then asks Daraja to prompt the customer. Never retried: a push is not idempotent.
 */
import {
  assertMoney,
  type InitiateRequest,
  type InitiateResult,
  ProviderError,
  toWholeMajorUnits,
  ValidationError,
} from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { DarajaConfig } from './daraja-options.js';
import { providerErrorFrom, unexpectedResponse } from './errors.js';
import { darajaPassword, darajaTimestamp } from './password.js';

export const STK_PUSH_PATH = '/mpesa/stkpush/v1/processrequest';
export const MIN_AMOUNT_KES = 1;
export const MAX_AMOUNT_KES = 250_000;
export const ACCOUNT_REFERENCE_MAX = 12;
export const TRANSACTION_DESC_MAX = 13;
/** Daraja keeps the prompt open for about a minute (then 1037). */
export const PROMPT_TIMEOUT_MS = 60_000;

export interface StkPushPayload {
  readonly BusinessShortCode: string;
  readonly Password: string;
  readonly Timestamp: string;
  readonly TransactionType: string;
  readonly Amount: number;
  readonly PartyA: string;
  readonly PartyB: string;
  readonly PhoneNumber: string;
  readonly CallBackURL: string;
  readonly AccountReference: string;
  readonly TransactionDesc: string;
}

/** Whole shillings from minor units; refuses other currencies, cents and out-of-range amounts. */
export function toDarajaAmount(amount: InitiateRequest['amount']): number {
  if (amount.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `Daraja collects only KES, got ${amount.currency}: create the session in KES for M-Pesa.`,
      { details: { field: 'currency' } },
    );
  }
  assertMoney(amount);
  const shillings = toWholeMajorUnits(amount);
  if (shillings === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa takes whole shillings only, got ${amount.amount} cents: round the amount to a multiple of 100 minor units.`,
      { details: { field: 'amount' } },
    );
  }
  if (shillings < MIN_AMOUNT_KES || shillings > MAX_AMOUNT_KES) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa Express accepts KES ${MIN_AMOUNT_KES} to KES ${MAX_AMOUNT_KES.toLocaleString('en-KE')} per transaction, got KES ${shillings}.`,
      { details: { field: 'amount', min: MIN_AMOUNT_KES, max: MAX_AMOUNT_KES } },
    );
  }
  return shillings;
}

/** Letters and digits of the merchant's reference, at most 12: longer values silently kill the prompt. */
export function toAccountReference(reference: string): string {
  const usable = reference.replace(/[^A-Za-z0-9]/g, '').slice(0, ACCOUNT_REFERENCE_MAX);
  if (usable === '') {
    throw new ValidationError(
      'invalid_field',
      'The payment reference has no letters or digits, and M-Pesa needs some for AccountReference: use a reference such as "ORDER1042".',
      { details: { field: 'reference' } },
    );
  }
  return usable;
}

/** At most 13 characters (whole code points), default "Payment". */
export function toTransactionDesc(description: string | undefined): string {
  const text = description?.replace(/\s+/g, ' ').trim() ?? '';
  return Array.from(text === '' ? 'Payment' : text)
    .slice(0, TRANSACTION_DESC_MAX)
    .join('')
    .trim();
}

function checkPhone(phone: string | undefined): string {
  if (phone === undefined || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}

function checkCallbackUrl(config: DarajaConfig, callbackUrl: string): string {
  const url = URL.canParse(callbackUrl) ? new URL(callbackUrl) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError(
      'invalid_field',
      'callbackUrl must be an absolute http(s) URL Daraja can reach.',
      {
        details: { field: 'callbackUrl' },
      },
    );
  }
  if (config.environment === 'production' && url.protocol !== 'https:') {
    throw new ValidationError(
      'invalid_field',
      'Daraja production only calls back over HTTPS: serve the callback route over https (set the public URL of your server).',
      { details: { field: 'callbackUrl' } },
    );
  }
  return callbackUrl;
}

/** Builds the request body; throws `ValidationError` (nothing is sent) on anything Daraja would refuse. */
export function buildStkPushPayload(
  config: DarajaConfig,
  request: InitiateRequest,
  nowMs: number,
): StkPushPayload {
  const amount = toDarajaAmount(request.amount);
  const phone = checkPhone(request.phone);
  const accountReference = toAccountReference(request.reference);
  const callbackUrl = checkCallbackUrl(config, request.callbackUrl);
  const timestamp = darajaTimestamp(nowMs, config.timestampTimeZone);
  return {
    BusinessShortCode: config.shortcode,
    Password: darajaPassword(config.shortcode, config.passkey, timestamp),
    Timestamp: timestamp,
    TransactionType: config.transactionType,
    Amount: amount,
    PartyA: phone,
    PartyB: config.partyB,
    PhoneNumber: phone,
    CallBackURL: callbackUrl,
    AccountReference: accountReference,
    TransactionDesc: toTransactionDesc(request.description),
  };
}

export async function stkPush(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: InitiateRequest,
): Promise<InitiateResult> {
  const payload = buildStkPushPayload(config, request, config.clock.now());
  const reply = await authorisedCall(config, tokens, {
    operation: 'stkpush',
    path: STK_PUSH_PATH,
    json: payload,
    signal: request.signal,
  });
  if (!reply.ok) throw providerErrorFrom(reply.failure, 'stkpush');
  const { CheckoutRequestID, MerchantRequestID, ResponseCode, ResponseDescription } = reply.body;
  if (ResponseCode !== undefined && String(ResponseCode) !== '0') {
    throw new ProviderError(
      'provider_rejected',
      `Daraja did not accept the STK push (ResponseCode ${String(ResponseCode)}${
        typeof ResponseDescription === 'string' ? `: ${ResponseDescription}` : ''
      }).`,
      { details: { providerCode: String(ResponseCode), retryable: false, ambiguous: false } },
    );
  }
  if (typeof CheckoutRequestID !== 'string' || CheckoutRequestID === '') {
    throw unexpectedResponse('stkpush', reply.httpStatus, 'a CheckoutRequestID', reply.text);
  }
  return {
    providerRef: CheckoutRequestID,
    next: { type: 'stk' },
    promptTimeoutMs: PROMPT_TIMEOUT_MS,
    providerData:
      typeof MerchantRequestID === 'string' ? { merchantRequestId: MerchantRequestID } : {},
  };
}
