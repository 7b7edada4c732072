/**
 * `checkPaymentRequestStatus`: where a payment request stands, by Salami id. A GET, safe to
 * repeat, so one retryable failure (a 5xx, a dropped connection, a timeout) is retried once
 * straight away; a 429 is not, its `retryAfterMs` says when. Anything undecided is `pending`.
 */
import { ProviderError, type StatusUpdate } from '@lipwa/core';
import {
  providerErrorFrom,
  stillProcessingMessage,
  unexpectedAnswer,
  wrapperFailure,
} from './errors.js';
import { callGateway } from './payment-apps-http.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';
import { paymentRequestStatusSchema, wrapperSchema } from './schemas.js';
import { mapPaymentRequestResult } from './status-codes.js';

export const CHECK_STATUS_PATH = '/checkPaymentRequestStatus';

async function checkOnce(
  config: PaymentAppsConfig,
  ref: string,
  signal: AbortSignal | undefined,
): Promise<StatusUpdate> {
  const reply = await callGateway(config, {
    operation: 'checkPaymentRequestStatus',
    method: 'GET',
    path: `${CHECK_STATUS_PATH}/${ref}`,
    signal,
  });
  if (!reply.ok) {
    const { failure } = reply;
    // Daraja's "still being processed", passed through as an upstream error: not a verdict.
    if (failure.httpStatus >= 500 && stillProcessingMessage.test(failure.envelope.error ?? '')) {
      return {
        providerRef: ref,
        status: 'pending',
        providerCode: String(failure.httpStatus),
        message: failure.envelope.error,
      };
    }
    throw providerErrorFrom(failure, 'checkPaymentRequestStatus', {
      paymentApp: config.paymentApp,
      ref,
    });
  }
  const wrapper = wrapperSchema.safeParse(reply.body);
  if (!wrapper.success) {
    throw unexpectedAnswer(
      'checkPaymentRequestStatus',
      reply.httpStatus,
      'the {data, status} wrapper',
      reply.raw,
    );
  }
  const { status, message } = wrapper.data;
  if (status !== undefined && status !== 'success') {
    throw wrapperFailure('checkPaymentRequestStatus', status, message, reply.raw);
  }
  const data = paymentRequestStatusSchema.safeParse(wrapper.data.data);
  if (!data.success) {
    throw unexpectedAnswer(
      'checkPaymentRequestStatus',
      reply.httpStatus,
      'a readable ResultCode',
      reply.raw,
    );
  }
  const { ResponseCode, ResponseDescription, ResultCode, ResultDesc } = data.data;
  if (ResponseCode !== undefined && ResponseCode !== '0') {
    // The status check itself was not accepted: no verdict either way, ask again later.
    throw new ProviderError(
      'provider_unavailable',
      `Payment-apps checkPaymentRequestStatus was not accepted (ResponseCode ${ResponseCode}${ResponseDescription ? `: ${ResponseDescription}` : ''}): try again shortly.`,
      { providerCode: ResponseCode, retryable: true, ambiguous: false },
    );
  }
  const mapped = mapPaymentRequestResult(ResultCode, ResultDesc);
  return {
    providerRef: ref,
    status: mapped.status,
    reason: mapped.reason,
    providerCode: mapped.providerCode,
    message: mapped.message,
  };
}

export async function checkPaymentRequestStatus(
  config: PaymentAppsConfig,
  ref: string,
  options: { signal?: AbortSignal } = {},
): Promise<StatusUpdate> {
  if (typeof ref !== 'string' || !/^\d{1,18}$/.test(ref)) {
    throw new ProviderError(
      'provider_rejected',
      'query() needs the Salami transaction id initiate() returned as providerRef (digits only).',
      { retryable: false, ambiguous: false },
    );
  }
  try {
    return await checkOnce(config, ref, options.signal);
  } catch (error) {
    const retry =
      error instanceof ProviderError &&
      error.retryable &&
      // A rate limit says when to come back; asking again at once only spends the quota.
      error.providerCode !== '429' &&
      error.retryAfterMs === undefined &&
      !options.signal?.aborted;
    if (!retry) throw error;
    return checkOnce(config, ref, options.signal);
  }
}
