/**
 * POS operations (provider 15): a cash deposit to the customer's account with the merchant, and
 * a cash withdrawal from it. Their paths are not public: assumed `/{public_id}/deposit` and
 * `/{public_id}/withdrawal` (payment-gateway.md). A withdrawal may answer a non-zero
 * `confirm_type` (an OTP the customer received): repeat it with the code. Both are idempotent by
 * `order_id`; the gateway reports successful POS operations to the merchant's configured URL.
 */
import type { Money } from '@lipwa/core';
import {
  confirmationCode,
  customerPhone,
  destinationId,
  extraParams,
  gatewayAmount,
  orderId,
} from './gateway-input.js';
import { type GatewayOperationResult, sendOperation } from './gateway-operation.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';
import { KES_MAX_MINOR, KES_MIN_MINOR } from './payment-c2b.js';

/** "ID of the payment provider. Can be 15 only." */
export const POS_PROVIDER_ID = 15;

export interface GatewayPosRequest {
  /** The idempotency key, at most 128 of `[A-Za-z0-9_\-:.]`. */
  readonly orderId: string;
  /** The customer, `2547…`. */
  readonly phone: string;
  readonly amount: Money;
  /** `destination_id`: the merchant's shortcode or destination. */
  readonly destinationId?: string;
  /** Method-specific `extra` parameters, signed with the rest. */
  readonly extra?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

// Assumed: the C2B limits (no POS limits are published).
const posLimits = (what: string) => ({ min: KES_MIN_MINOR, max: KES_MAX_MINOR, what });

/** The body in the documented order: deposit has no confirmation code, withdrawal may. */
export function buildPosParams(
  config: GatewayConfig,
  kind: 'deposit' | 'withdrawal',
  request: GatewayPosRequest,
  code?: string,
) {
  const extra = extraParams(request.extra);
  const destination = destinationId(request.destinationId);
  return {
    merchant_id: config.merchantId,
    customer_id: customerPhone(request.phone),
    order_id: orderId(request.orderId),
    amount: gatewayAmount(
      config,
      request.amount,
      posLimits(kind === 'deposit' ? 'POS deposits' : 'POS withdrawals'),
    ),
    currency: request.amount.currency,
    country: config.country,
    ...(code === undefined ? {} : { confirmation_code: confirmationCode(code) }),
    ...(extra === undefined ? {} : { extra: { ...extra } }),
    provider_id: POS_PROVIDER_ID,
    ...(destination === undefined ? {} : { destination_id: destination }),
  };
}

export async function posDeposit(
  config: GatewayConfig,
  signer: GatewaySigner,
  request: GatewayPosRequest,
): Promise<GatewayOperationResult> {
  const params = buildPosParams(config, 'deposit', request);
  return sendOperation(config, signer, 'deposit', params, request.signal);
}

/** A withdrawal; pass `code` when the customer's OTP is already known, or in the second step. */
export async function posWithdrawal(
  config: GatewayConfig,
  signer: GatewaySigner,
  request: GatewayPosRequest,
  code?: string,
): Promise<GatewayOperationResult> {
  const params = buildPosParams(config, 'withdrawal', request, code);
  return sendOperation(config, signer, 'withdrawal', params, request.signal);
}
