/**
 * Turns the gateway's failures into `ProviderError`s with a stable code, whether trying again
 * may help (`retryable`) and whether a payment request may have taken effect (`ambiguous`).
 * `payment_c2b` is idempotent by `order_id`, so repeating it with the same payment id never
 * sends a second prompt: its transport failures are retryable even when ambiguous.
 */
import { ProviderError } from '@lipwa/core';
import { droppedAfterConnect } from '../common/dropped-connection.js';
import { MERCHANT_AUTHENTICATION_ERROR } from './gateway-codes.js';

/** Each operation is also its path: `POST /{public_id}/{operation}`. */
export type GatewayOperation = 'payment_c2b' | 'payment_b2c' | 'deposit' | 'withdrawal' | 'status';

const operationNames: Record<GatewayOperation, string> = {
  payment_c2b: 'Payment Gateway payment_c2b',
  payment_b2c: 'Payment Gateway payment_b2c',
  deposit: 'Payment Gateway POS deposit',
  withdrawal: 'Payment Gateway POS withdrawal',
  status: 'Payment Gateway status',
};

/**
 * Operations that move money: a lost answer leaves them ambiguous. Every one is idempotent by
 * `order_id`, so repeating it with the same order id is safe (it replays the first answer).
 */
const movesMoney: ReadonlySet<GatewayOperation> = new Set([
  'payment_c2b',
  'payment_b2c',
  'deposit',
  'withdrawal',
]);

/** An answer that was not a usable operation answer. */
export interface GatewayFailure {
  readonly httpStatus: number;
  /** `result.code` from the error envelope `{ "result": { "code", "message" } }`, when there was one. */
  readonly resultCode?: number | undefined;
  readonly resultMessage?: string | undefined;
  /** From `Retry-After` (seconds or an HTTP date) or a `retry_after` body field. */
  readonly retryAfterMs?: number | undefined;
  /** The answer's text, shortened; the gateway never echoes our secret key. */
  readonly answer?: string | undefined;
}

const ANSWER_LIMIT = 500;

export function shorten(text: string): string {
  return text.length > ANSWER_LIMIT ? `${text.slice(0, ANSWER_LIMIT)}…` : text;
}

function describe(failure: GatewayFailure): string {
  if (failure.resultCode === undefined) return `HTTP ${failure.httpStatus}`;
  const message = failure.resultMessage ? ` ${failure.resultMessage}` : '';
  return `HTTP ${failure.httpStatus}, result ${failure.resultCode}${message}`;
}

function details(failure: GatewayFailure): Record<string, unknown> {
  return {
    httpStatus: failure.httpStatus,
    ...(failure.answer === undefined ? {} : { answer: failure.answer }),
  };
}

/** Maps an error answer (any HTTP status) to a `ProviderError`. */
export function providerErrorFrom(
  failure: GatewayFailure,
  operation: GatewayOperation,
): ProviderError {
  const name = operationNames[operation];
  const providerCode = String(failure.resultCode ?? failure.httpStatus);
  if (failure.resultCode === MERCHANT_AUTHENTICATION_ERROR || failure.httpStatus === 401) {
    return new ProviderError(
      'provider_auth_failed',
      `${name} refused to authenticate the merchant (${describe(failure)}): check publicId, merchantId and secretKey, and that the secret key has no stray characters.`,
      { providerCode, retryable: false, ambiguous: false, details: details(failure) },
    );
  }
  if (failure.httpStatus === 429) {
    const wait =
      failure.retryAfterMs === undefined
        ? ''
        : ` after ${Math.ceil(failure.retryAfterMs / 1000)} s`;
    return new ProviderError(
      'provider_unavailable',
      `${name} is throttling requests (${describe(failure)}): try again${wait}.`,
      {
        providerCode,
        retryable: true,
        ambiguous: false,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        details: details(failure),
      },
    );
  }
  if (failure.httpStatus >= 500) {
    return new ProviderError(
      'provider_unavailable',
      `${name} is unavailable (${describe(failure)}): try again shortly.`,
      { providerCode, retryable: true, ambiguous: false, details: details(failure) },
    );
  }
  return new ProviderError(
    'provider_rejected',
    `${name} rejected the request (${describe(failure)}): it was not accepted; fix it before trying again.`,
    { providerCode, retryable: false, ambiguous: false, details: details(failure) },
  );
}

/**
 * The connection failed before an answer arrived. A request that moves money whose connection
 * dropped after it opened may have been taken: ambiguous, like a timeout.
 */
export function networkError(operation: GatewayOperation, cause: unknown): ProviderError {
  const ambiguous = movesMoney.has(operation) && droppedAfterConnect(cause);
  return new ProviderError(
    'provider_unavailable',
    ambiguous
      ? `${operationNames[operation]} lost its connection after the request was sent: it may have been taken, query the order before trying again (the same order id is never processed twice).`
      : `${operationNames[operation]} could not be reached (network error): check connectivity to the gateway host and try again.`,
    { cause, retryable: true, ambiguous },
  );
}

/**
 * No answer in time, or the caller aborted after sending. A payment request may have reached
 * the gateway: query it before trying again (a retry with the same payment id is idempotent).
 */
export function timeoutError(
  operation: GatewayOperation,
  timeoutMs: number,
  byCaller: boolean,
  cause: unknown,
): ProviderError {
  const why = byCaller ? 'was aborted by the caller' : `timed out after ${timeoutMs} ms`;
  const ambiguous = movesMoney.has(operation);
  const advice =
    operation === 'payment_c2b'
      ? 'the prompt may still have been sent: query the payment before trying again (the same payment id is never charged twice).'
      : ambiguous
        ? 'it may still have been taken: query the order, or repeat it with the same order id (never processed twice).'
        : 'try again.';
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} ${why}; ${advice}`,
    {
      cause,
      retryable: !byCaller,
      ambiguous,
      details: { timedOut: true },
    },
  );
}

/** A 2xx answer without the documented shape; the payment request may have been taken. */
export function unexpectedAnswer(
  operation: GatewayOperation,
  httpStatus: number,
  what: string,
  answer: string,
): ProviderError {
  const ambiguous = movesMoney.has(operation);
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} answered HTTP ${httpStatus} ${what}${
      operation === 'payment_c2b'
        ? ': the prompt may have been sent, query the payment before trying again.'
        : ambiguous
          ? ': it may have been taken, query the order before trying again.'
          : '.'
    }`,
    { retryable: true, ambiguous, details: { httpStatus, answer: shorten(answer) } },
  );
}

/** The caller's signal was already aborted: nothing was sent. */
export function abortedBeforeSending(operation: GatewayOperation, cause: unknown): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} was not sent because the caller's signal was already aborted.`,
    { cause, retryable: false, ambiguous: false },
  );
}
