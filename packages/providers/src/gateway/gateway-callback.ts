/**
 * The gateway's callback: signed like a request (HMAC-SHA512 over its parameters in the order
 * sent, with the secret key), so the signature is checked over the exact body received before
 * anything in it is believed. The generic callback carries no status, only a result: the
 * payment's status is then confirmed with `status` by `order_id`, which is the verdict.
 */
import { CallbackError, type CallbackInput, type CallbackResult } from '@lipwa/core';
import { callbackSchema, issuePaths, PAYBILL_OPERATION_TYPE } from './gateway-answer.js';
import type { GatewayParams, GatewaySigner } from './gateway-signature.js';

/** What the gateway must hear: any HTTP 200 counts as delivered. */
export const gatewayCallbackAck = Object.freeze({
  result: Object.freeze({ code: 0, message: 'OK' }),
});

export type VerifiedCallback =
  | { readonly kind: 'payment'; readonly orderId: string; readonly transactionRef?: string }
  /** A paybill payment the customer started from the M-Pesa menu: no checkout attempt of ours. */
  | { readonly kind: 'paybill'; readonly orderId: string };

function invalid(why: string, details: Record<string, unknown> = {}): CallbackError {
  return new CallbackError('invalid_callback', `Not a Payment Gateway callback: ${why}.`, {
    details: { why, ...details },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks method, JSON and signature over the exact body received; returns the body, believed only
 * now. Throws `CallbackError` (`invalid_signature`, `invalid_callback`) on anything else. `what`
 * names the request in messages ("callback", "paybill validation request").
 */
export async function verifySignedBody(
  signer: GatewaySigner,
  input: CallbackInput,
  what = 'callback',
): Promise<Record<string, unknown>> {
  const invalidBody = (why: string) =>
    new CallbackError('invalid_callback', `Not a Payment Gateway ${what}: ${why}.`, {
      details: { why },
    });
  if (input.method.toUpperCase() !== 'POST')
    throw invalidBody(`expected POST, got ${input.method}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.rawBody);
  } catch {
    throw invalidBody('the body is not JSON (pass the exact bytes received, not a parsed body)');
  }
  if (!isRecord(parsed)) throw invalidBody('the body is not a JSON object');
  const signature = parsed.signature;
  if (typeof signature !== 'string' || signature === '') {
    throw new CallbackError(
      'invalid_signature',
      `The Payment Gateway ${what} carries no signature: refused, nothing was changed.`,
    );
  }
  let genuine: boolean;
  try {
    genuine = await signer.verify(parsed as GatewayParams, signature);
  } catch {
    throw invalidBody('its parameters are nested too deeply to sign');
  }
  if (!genuine) {
    throw new CallbackError(
      'invalid_signature',
      `The Payment Gateway ${what} signature does not match its body (forged, altered, or signed with another secret key): refused, nothing was changed.`,
    );
  }
  return parsed;
}

/** Checks method, JSON, signature, then shape; throws `CallbackError` on anything else. */
export async function verifyGatewayCallback(
  signer: GatewaySigner,
  input: CallbackInput,
): Promise<VerifiedCallback> {
  const parsed = await verifySignedBody(signer, input);
  const callback = callbackSchema.safeParse(parsed);
  if (!callback.success) {
    throw invalid('it lacks the documented fields', { fields: issuePaths(callback.error) });
  }
  const { order_id: orderId, operation_type: operationType, transaction_ref } = callback.data;
  if (operationType === PAYBILL_OPERATION_TYPE) return { kind: 'paybill', orderId };
  return transaction_ref
    ? { kind: 'payment', orderId, transactionRef: transaction_ref }
    : { kind: 'payment', orderId };
}

/** The acknowledgement for a verified callback, with the updates it led to. */
export function callbackResult(updates: CallbackResult['updates']): CallbackResult {
  return { updates, response: { status: 200, body: gatewayCallbackAck } };
}
