/**
 * `payment_b2c`: pays a customer from the merchant's account. When the answer's `confirm_type`
 * is non-zero the gateway waits for a second `payment_b2c` with the same parameters plus the
 * confirmation data (the "Confirmation Types" section is not public: assumed a
 * `confirmation_code`). `order_id` is the idempotency key: the same order id replays the first
 * answer and never pays twice, so a request whose answer was lost can be repeated.
 */
import type { Money } from '@lipwa/core';
import {
  callbackUrl,
  confirmationCode,
  customerPhone,
  gatewayAmount,
  orderId,
} from './gateway-input.js';
import { type GatewayOperationResult, sendOperation } from './gateway-operation.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';

/** Kenya limits one brand publishes for B2C, in cents: KES 500.00 to KES 150,000.00. */
export const PAYOUT_MIN_KES_MINOR = 50_000;
export const PAYOUT_MAX_KES_MINOR = 15_000_000;

export interface GatewayPayoutRequest {
  /** Yours, unique per payout, at most 128 of `[A-Za-z0-9_\-:.]`: the idempotency key. */
  readonly orderId: string;
  /** The customer, `2547…` / `2541…`. */
  readonly phone: string;
  readonly amount: Money;
  /** Where the gateway posts its signed callback; recommended. */
  readonly callbackUrl?: string;
  readonly signal?: AbortSignal;
}

/** The b2c body in the documented order (the signature covers the order). */
export function buildPayoutParams(
  config: GatewayConfig,
  request: GatewayPayoutRequest,
  code?: string,
) {
  const url = request.callbackUrl === undefined ? undefined : callbackUrl(request.callbackUrl);
  return {
    merchant_id: config.merchantId,
    customer_id: customerPhone(request.phone),
    order_id: orderId(request.orderId),
    amount: gatewayAmount(config, request.amount, {
      min: PAYOUT_MIN_KES_MINOR,
      max: PAYOUT_MAX_KES_MINOR,
      what: 'Payouts',
    }),
    currency: request.amount.currency,
    country: config.country,
    ...(url === undefined ? {} : { callback_url: url }),
    provider_id: config.providerId,
    ...(code === undefined ? {} : { confirmation_code: confirmationCode(code) }),
  };
}

export async function sendPayout(
  config: GatewayConfig,
  signer: GatewaySigner,
  request: GatewayPayoutRequest,
): Promise<GatewayOperationResult> {
  const params = buildPayoutParams(config, request);
  return sendOperation(config, signer, 'payment_b2c', params, request.signal);
}

/** The second step: the same payout again with the confirmation code. */
export async function confirmPayout(
  config: GatewayConfig,
  signer: GatewaySigner,
  request: GatewayPayoutRequest,
  code: string,
): Promise<GatewayOperationResult> {
  const params = buildPayoutParams(config, request, code);
  return sendOperation(config, signer, 'payment_b2c', params, request.signal);
}
