/**
 * `status` by `order_id`: where a payment stands, used when the callback is late (2-3 minutes is
 * normal) and to confirm every callback. A read, safe to repeat: one retryable failure is retried
 * once straight away, except a 429, which asks us to wait.
 */
import { fromDecimalString, maskMsisdn, ProviderError, type StatusUpdate } from '@lipwa/core';
import { type OperationAnswer, outcomeCodes } from './gateway-answer.js';
import { mapGatewayOutcome } from './gateway-codes.js';
import { providerErrorFrom } from './gateway-errors.js';
import { signedCall } from './gateway-http.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';

/** The amount, only when the answer carries one (c2b answers do not; paybill callbacks do). */
function reportedAmount(answer: OperationAnswer): StatusUpdate['amount'] {
  if (!answer.amount || !answer.currency || !/^[A-Z]{3}$/.test(answer.currency)) return undefined;
  try {
    return fromDecimalString(answer.amount, answer.currency);
  } catch {
    return undefined;
  }
}

/** Callbacks mask the number already (`2547 ***** 000`); anything unmasked is masked here. */
function reportedPhone(customerId: string | null | undefined): string | undefined {
  if (!customerId) return undefined;
  return customerId.includes('*') ? customerId : maskMsisdn(customerId);
}

/** A status answer as one canonical update; the receipt is Safaricom's RRN (`transaction_ref`). */
export function statusUpdateFrom(orderId: string, answer: OperationAnswer): StatusUpdate {
  const mapped = mapGatewayOutcome(outcomeCodes(answer));
  const receipt = answer.transaction_ref?.trim();
  const amount = reportedAmount(answer);
  const phone = reportedPhone(answer.customer_id);
  return {
    providerRef: orderId,
    status: mapped.status,
    ...(mapped.reason === undefined ? {} : { reason: mapped.reason }),
    providerCode: mapped.providerCode,
    message: mapped.message,
    ...(mapped.status === 'completed' && receipt ? { receipt } : {}),
    ...(amount === undefined ? {} : { amount }),
    ...(phone === undefined ? {} : { phone }),
  };
}

async function queryOnce(
  config: GatewayConfig,
  signer: GatewaySigner,
  orderId: string,
  signal: AbortSignal | undefined,
): Promise<StatusUpdate> {
  const reply = await signedCall(config, signer, {
    operation: 'status',
    params: { merchant_id: config.merchantId, order_id: orderId },
    signal,
  });
  if (!reply.ok) {
    throw 'malformed' in reply ? reply.malformed : providerErrorFrom(reply.failure, 'status');
  }
  if (reply.answer.order_id !== orderId) {
    throw new ProviderError(
      'provider_unavailable',
      `Payment Gateway status answered about order ${reply.answer.order_id}, not ${orderId}.`,
      { retryable: true, ambiguous: false, details: { answeredOrderId: reply.answer.order_id } },
    );
  }
  return statusUpdateFrom(orderId, reply.answer);
}

export async function statusQuery(
  config: GatewayConfig,
  signer: GatewaySigner,
  orderId: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<StatusUpdate> {
  if (typeof orderId !== 'string' || orderId.trim() === '') {
    throw new ProviderError(
      'provider_rejected',
      'query() needs the providerRef returned by initiate() (the payment’s order_id).',
      { retryable: false, ambiguous: false },
    );
  }
  try {
    return await queryOnce(config, signer, orderId, options.signal);
  } catch (error) {
    const retry =
      error instanceof ProviderError &&
      error.retryable &&
      error.retryAfterMs === undefined &&
      error.details.httpStatus !== 429 &&
      !options.signal?.aborted;
    if (!retry) throw error;
    return queryOnce(config, signer, orderId, options.signal);
  }
}
