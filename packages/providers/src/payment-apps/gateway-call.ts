/**
 * One typed gateway operation: the exchange, the error answer as a `ProviderError` naming the
 * operation and keeping the gateway's code, the `{ data, status, message }` wrapper and its
 * `data` checked with zod. Reads (and writes the gateway makes idempotent, like SMS extraction)
 * are retried once straight away after a 5xx, a dropped connection or a timeout; a 429 is not
 * (its `retryAfterMs` says when); money-moving writes never are.
 */
import { ProviderError } from '@lipwa/core';
import type { z } from 'zod';
import {
  type PaymentAppsOperation,
  providerErrorFrom,
  unexpectedAnswer,
  wrapperFailure,
} from './errors.js';
import { callGateway, type GatewayCall, type GatewayReply } from './payment-apps-http.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';
import { wrapperSchema } from './schemas.js';

export interface TypedCall<T> extends GatewayCall {
  readonly operation: PaymentAppsOperation;
  /** The schema of the wrapper's `data`. */
  readonly data: z.ZodType<T>;
  /** What the answer must hold, for the error when it does not (`a ConversationID`). */
  readonly expected: string;
  /** Safe to send again: nothing changes the second time. */
  readonly idempotent: boolean;
  /** The transaction named in the path, for error messages. */
  readonly ref?: string | undefined;
}

export interface TypedReply<T> {
  readonly data: T;
  readonly message?: string | undefined;
  /** The answer as received, shortened (for errors). */
  readonly raw: string;
}

function shouldRepeat(error: ProviderError, call: TypedCall<unknown>): boolean {
  return (
    call.idempotent &&
    error.retryable &&
    // A rate limit says when to come back; asking again at once only spends the quota.
    error.providerCode !== '429' &&
    error.retryAfterMs === undefined &&
    !call.signal?.aborted
  );
}

async function exchangeOnce(config: PaymentAppsConfig, call: TypedCall<unknown>) {
  const reply: GatewayReply = await callGateway(config, call);
  if (!reply.ok) {
    throw providerErrorFrom(reply.failure, call.operation, {
      paymentApp: call.app ?? config.paymentApp,
      ref: call.ref,
    });
  }
  return reply;
}

/** Sends the call (once more for a repeatable failure) and returns the raw 2xx reply. */
export async function sendTyped(
  config: PaymentAppsConfig,
  call: TypedCall<unknown>,
): Promise<Extract<GatewayReply, { ok: true }>> {
  try {
    return await exchangeOnce(config, call);
  } catch (error) {
    if (error instanceof ProviderError && shouldRepeat(error, call)) {
      return exchangeOnce(config, call);
    }
    throw error;
  }
}

export async function callTyped<T>(
  config: PaymentAppsConfig,
  call: TypedCall<T>,
): Promise<TypedReply<T>> {
  const reply = await sendTyped(config, call);
  const wrapper = wrapperSchema.safeParse(reply.body);
  if (!wrapper.success) {
    throw unexpectedAnswer(
      call.operation,
      reply.httpStatus,
      'the {data, status} wrapper',
      reply.raw,
    );
  }
  const { status, message } = wrapper.data;
  if (status !== undefined && status !== 'success') {
    throw wrapperFailure(call.operation, status, message, reply.raw);
  }
  const data = call.data.safeParse(wrapper.data.data);
  if (!data.success) {
    throw unexpectedAnswer(call.operation, reply.httpStatus, call.expected, reply.raw);
  }
  return { data: data.data, message, raw: reply.raw };
}
