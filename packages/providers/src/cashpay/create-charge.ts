/**
 * `initiate`: checks the request against CashPay's (assumed) field rules before anything is sent,
 * creates a charge, and answers the hosted page to redirect the customer to. Never retried: a
 * create is not idempotent (CashPay documents no idempotency key).
 */
import {
  assertMoney,
  type InitiateRequest,
  type InitiateResult,
  toWholeMajorUnits,
  ValidationError,
} from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { CashpayConfig } from './cashpay-options.js';
import { chargeSchema } from './charge.js';
import { providerErrorFrom, unexpectedResponse } from './errors.js';

export const CHARGES_PATH = '/charges';
export const DESCRIPTION_MAX = 255;
export const REFERENCE_MAX = 64;
export const URL_MAX = 2048;

export interface ChargePayload {
  /** Whole units of the account currency. */
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly redirect_url: string;
  readonly post_url: string;
  readonly reference: string;
}

/** Whole units of the account currency; refuses other currencies and fractions. */
export function toCashpayAmount(config: CashpayConfig, money: InitiateRequest['amount']): number {
  if (money.currency !== config.currency) {
    throw new ValidationError(
      'invalid_amount',
      `This CashPay account takes ${config.currency} only, got ${money.currency}: create the session in ${config.currency}.`,
      { details: { field: 'currency' } },
    );
  }
  assertMoney(money);
  const whole = toWholeMajorUnits(money);
  if (whole === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `CashPay takes whole ${money.currency} amounts (an integer), got ${money.amount} minor units: round the amount.`,
      { details: { field: 'amount' } },
    );
  }
  return whole;
}

// Control characters would end up in CashPay's dashboard and statements.
const controlCharacters = /\p{Cc}/u;

function checkReference(reference: string): string {
  const text = reference.trim();
  if (text === '' || text.length > REFERENCE_MAX || controlCharacters.test(text)) {
    throw new ValidationError(
      'invalid_field',
      `The reference must be 1-${REFERENCE_MAX} printable characters for CashPay, got ${text.length}.`,
      { details: { field: 'reference', max: REFERENCE_MAX } },
    );
  }
  return text;
}

function checkDescription(description: string | undefined, reference: string): string {
  const text = description?.replace(/\s+/g, ' ').trim() || `Payment for ${reference}`;
  if (text.length > DESCRIPTION_MAX) {
    throw new ValidationError(
      'invalid_field',
      `The description must be at most ${DESCRIPTION_MAX} characters for CashPay, got ${text.length}.`,
      { details: { field: 'description', max: DESCRIPTION_MAX } },
    );
  }
  return text;
}

function checkUrl(
  config: CashpayConfig,
  value: string | undefined,
  field: 'callbackUrl' | 'returnUrl',
): string {
  const purpose =
    field === 'callbackUrl' ? 'post_url (the webhook)' : 'redirect_url (the return page)';
  if (value === undefined && field === 'returnUrl') {
    throw new ValidationError(
      'invalid_field',
      'CashPay is a redirect provider: pass returnUrl, the page the customer comes back to.',
      { details: { field } },
    );
  }
  const text = value ?? '';
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || text.length > URL_MAX) {
    throw new ValidationError(
      'invalid_field',
      `${field} must be an absolute http(s) URL of at most ${URL_MAX} characters: CashPay uses it as ${purpose}.`,
      { details: { field } },
    );
  }
  if (config.environment === 'production' && url.protocol !== 'https:') {
    throw new ValidationError(
      'invalid_field',
      `${field} must use https in production: CashPay uses it as ${purpose}.`,
      { details: { field } },
    );
  }
  return text;
}

/** Builds the charge; throws `ValidationError` (nothing is sent) on anything CashPay would refuse. */
export function buildChargePayload(config: CashpayConfig, request: InitiateRequest): ChargePayload {
  const amount = toCashpayAmount(config, request.amount);
  const reference = checkReference(request.reference);
  return {
    amount,
    currency: config.currency,
    description: checkDescription(request.description, reference),
    redirect_url: checkUrl(config, request.returnUrl, 'returnUrl'),
    post_url: checkUrl(config, request.callbackUrl, 'callbackUrl'),
    reference,
  };
}

export async function createCharge(
  config: CashpayConfig,
  tokens: AccessTokens,
  request: InitiateRequest,
): Promise<InitiateResult> {
  const payload = buildChargePayload(config, request);
  const reply = await authorisedCall(config, tokens, {
    operation: 'charge',
    method: 'POST',
    path: CHARGES_PATH,
    json: payload,
    signal: request.signal,
  });
  if (!reply.ok) throw providerErrorFrom(reply.failure, 'charge');
  const parsed = chargeSchema.safeParse(reply.body);
  if (!parsed.success || !parsed.data.transaction_url) {
    throw unexpectedResponse(
      'charge',
      reply.httpStatus,
      'a charge with an id and a transaction_url',
      reply.body ?? reply.excerpt,
    );
  }
  return {
    providerRef: parsed.data.id,
    next: { type: 'redirect', url: parsed.data.transaction_url },
  };
}
