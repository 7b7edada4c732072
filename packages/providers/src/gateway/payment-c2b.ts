/**
 * `payment_c2b`: asks the gateway to prompt the customer. Everything the gateway would refuse is
 * checked first (nothing is sent). `order_id` is Lipwa's payment id, the gateway's idempotency
 * key: a repeat with the same id returns the first answer and never prompts twice. Not retried
 * here, so callers see every failure and decide.
 */
import {
  assertMoney,
  type InitiateRequest,
  type InitiateResult,
  type Money,
  ProviderError,
  toDecimalString,
  ValidationError,
} from '@lipwa/core';
import { outcomeCodes } from './gateway-answer.js';
import { mapGatewayOutcome } from './gateway-codes.js';
import { providerErrorFrom } from './gateway-errors.js';
import { signedCall } from './gateway-http.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';

/** Documented `order_id`: at most 128 of letters, digits, `_`, `-`, `:` and `.`. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_\-:.]{1,128}$/;
/** Kenya limits one brand publishes for C2B, in cents: KES 1.00 to KES 150,000.00. */
export const KES_MIN_MINOR = 100;
export const KES_MAX_MINOR = 15_000_000;
/** The gateway says callbacks normally arrive within 2-3 minutes: keep the attempt open that long. */
export const CALLBACK_WINDOW_MS = 180_000;

/** The c2b body, in the documented order (the signature covers this order). */
export interface PaymentC2bParams {
  readonly merchant_id: string;
  readonly customer_id: string;
  readonly order_id: string;
  readonly amount: string;
  readonly currency: string;
  readonly country: string;
  readonly callback_url: string;
  readonly provider_id: number;
}

/** Minor units to the gateway's "two digits after the point": 150000 KES -> "1500.00". */
export function toGatewayAmount(config: GatewayConfig, money: Money): string {
  if (!(config.currencies as ReadonlySet<string>).has(money.currency)) {
    throw new ValidationError(
      'invalid_amount',
      `This gateway account takes ${[...config.currencies].join(' or ')}, got ${money.currency}: create the session in ${[...config.currencies][0]}.`,
      { details: { field: 'currency' } },
    );
  }
  assertMoney(money);
  if (money.currency === 'KES' && (money.amount < KES_MIN_MINOR || money.amount > KES_MAX_MINOR)) {
    throw new ValidationError(
      'invalid_amount',
      `The gateway accepts KES 1.00 to KES 150,000.00 per payment, got KES ${toDecimalString(money)}.`,
      { details: { field: 'amount', min: KES_MIN_MINOR, max: KES_MAX_MINOR } },
    );
  }
  return toDecimalString(money);
}

function checkPhone(phone: string | undefined): string {
  // Safaricom's customer_id is the number with its country code: 2547XXXXXXXX / 2541XXXXXXXX.
  if (phone === undefined || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}

function checkOrderId(paymentId: string): string {
  if (!ORDER_ID_PATTERN.test(paymentId)) {
    throw new ValidationError(
      'invalid_field',
      'The payment id is the gateway’s order_id: at most 128 letters, digits, "_", "-", ":" or ".".',
      { details: { field: 'paymentId' } },
    );
  }
  return paymentId;
}

function checkCallbackUrl(callbackUrl: string): string {
  const url = URL.canParse(callbackUrl) ? new URL(callbackUrl) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError(
      'invalid_field',
      'callbackUrl must be an absolute http(s) URL the gateway can reach.',
      { details: { field: 'callbackUrl' } },
    );
  }
  return callbackUrl;
}

/**
 * Builds the body; throws `ValidationError` on anything the gateway would refuse. The gateway has
 * no reference or description field: the merchant's reference is not sent (the payment id,
 * shown as "Merchant Trnx ID" in its back office, is what links the two).
 */
export function buildPaymentC2b(config: GatewayConfig, request: InitiateRequest): PaymentC2bParams {
  return {
    merchant_id: config.merchantId,
    customer_id: checkPhone(request.phone),
    order_id: checkOrderId(request.paymentId),
    amount: toGatewayAmount(config, request.amount),
    currency: request.amount.currency,
    country: config.country,
    callback_url: checkCallbackUrl(request.callbackUrl),
    provider_id: config.providerId,
  };
}

export async function paymentC2b(
  config: GatewayConfig,
  signer: GatewaySigner,
  request: InitiateRequest,
): Promise<InitiateResult> {
  const params = buildPaymentC2b(config, request);
  const reply = await signedCall(config, signer, {
    operation: 'payment_c2b',
    params: { ...params },
    signal: request.signal,
  });
  if (!reply.ok) {
    throw 'malformed' in reply ? reply.malformed : providerErrorFrom(reply.failure, 'payment_c2b');
  }
  const { answer } = reply;
  if (answer.order_id !== params.order_id) {
    throw new ProviderError(
      'provider_unavailable',
      `Payment Gateway payment_c2b answered about order ${answer.order_id}, not ${params.order_id}: query the payment before trying again.`,
      { retryable: true, ambiguous: true, details: { answeredOrderId: answer.order_id } },
    );
  }
  const mapped = mapGatewayOutcome(outcomeCodes(answer));
  // A verdict already (the operator refused at once, e.g. the subscriber is busy): no prompt is
  // on the phone. Repeating the same order id would only replay this answer, so not retryable.
  if (mapped.status !== 'pending' && mapped.status !== 'completed') {
    throw new ProviderError(
      'provider_rejected',
      `Payment Gateway did not start the payment: ${mapped.message}`,
      {
        providerCode: mapped.providerCode,
        retryable: false,
        ambiguous: false,
        ...(mapped.reason === undefined ? {} : { reason: mapped.reason }),
      },
    );
  }
  const transactionId = answer.transaction_id ?? '';
  return {
    providerRef: params.order_id,
    next: { type: 'stk' },
    promptTimeoutMs: CALLBACK_WINDOW_MS,
    providerData: transactionId === '' ? {} : { transactionId },
  };
}
