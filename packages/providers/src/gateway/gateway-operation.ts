/**
 * A money operation the gateway answered (payout, POS deposit or withdrawal), read into one
 * typed result: where it stands in Lipwa's words, and whether the gateway wants the second
 * step (`confirm_type` non-zero: repeat the request with the confirmation code).
 */
import { ProviderError, type StatusUpdate } from '@lipwa/core';
import type { OperationAnswer } from './gateway-answer.js';
import { type GatewayOperation, providerErrorFrom } from './gateway-errors.js';
import { signedCall } from './gateway-http.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewayParams, GatewaySigner } from './gateway-signature.js';
import { statusUpdateFrom } from './status-query.js';

export interface GatewayOperationResult {
  readonly orderId: string;
  readonly transactionId?: string | undefined;
  /** Status, reason, receipt (`transaction_ref`) and codes, as for a payment. */
  readonly update: StatusUpdate;
  /** The gateway's own status code (-1..7). */
  readonly gatewayStatus: number;
  /** `result.code`: 0, or 1-3 when the confirmation code was refused. */
  readonly resultCode: number;
  readonly resultMessage?: string | undefined;
  /** 0 when no second step is needed. */
  readonly confirmType: number;
  /** True while the gateway waits for the confirmation code. */
  readonly needsConfirmation: boolean;
}

/** `result.code` 1-3: the PIN or code sent for confirmation was not accepted. */
const REFUSED_CONFIRMATION = new Set([1, 2, 3]);

export function operationResult(orderId: string, answer: OperationAnswer): GatewayOperationResult {
  const update = statusUpdateFrom(orderId, answer);
  const confirmType = answer.confirm_type ?? 0;
  const transactionId = answer.transaction_id?.trim();
  return {
    orderId,
    ...(transactionId ? { transactionId } : {}),
    update,
    gatewayStatus: answer.status,
    resultCode: answer.result.code,
    ...(answer.result.message ? { resultMessage: answer.result.message } : {}),
    confirmType,
    needsConfirmation:
      update.status === 'pending' &&
      (confirmType !== 0 || REFUSED_CONFIRMATION.has(answer.result.code)),
  };
}

/** Signs and sends one money operation; the answer must be about the same order. */
export async function sendOperation(
  config: GatewayConfig,
  signer: GatewaySigner,
  operation: Exclude<GatewayOperation, 'status' | 'payment_c2b'>,
  params: GatewayParams & { readonly order_id: string },
  signal: AbortSignal | undefined,
): Promise<GatewayOperationResult> {
  const reply = await signedCall(config, signer, { operation, params, signal });
  if (!reply.ok) {
    throw 'malformed' in reply ? reply.malformed : providerErrorFrom(reply.failure, operation);
  }
  if (reply.answer.order_id !== params.order_id) {
    throw new ProviderError(
      'provider_unavailable',
      `Payment Gateway ${operation} answered about order ${reply.answer.order_id}, not ${params.order_id}: query the order before trying again.`,
      { retryable: true, ambiguous: true, details: { answeredOrderId: reply.answer.order_id } },
    );
  }
  return operationResult(params.order_id, reply.answer);
}

/**
 * `status` by order id for any operation (payment, payout, POS, paybill), as a typed result. A
 * read, safe to repeat: one retryable failure (not a 429) is retried at once.
 */
export async function operationStatus(
  config: GatewayConfig,
  signer: GatewaySigner,
  id: string,
  signal?: AbortSignal,
): Promise<GatewayOperationResult> {
  const once = async () => {
    const reply = await signedCall(config, signer, {
      operation: 'status',
      params: { merchant_id: config.merchantId, order_id: id },
      signal,
    });
    if (!reply.ok) {
      throw 'malformed' in reply ? reply.malformed : providerErrorFrom(reply.failure, 'status');
    }
    if (reply.answer.order_id !== id) {
      throw new ProviderError(
        'provider_unavailable',
        `Payment Gateway status answered about order ${reply.answer.order_id}, not ${id}.`,
        { retryable: true, ambiguous: false },
      );
    }
    return operationResult(id, reply.answer);
  };
  try {
    return await once();
  } catch (error) {
    const again =
      error instanceof ProviderError &&
      error.retryable &&
      error.retryAfterMs === undefined &&
      error.details.httpStatus !== 429 &&
      !signal?.aborted;
    if (!again) throw error;
    return once();
  }
}
