/**
 * CashPay failures as `ProviderError`s: a stable code, the provider's own error code, whether a
 * retry may help (`retryable`, with `retryAfterMs` from a 429) and whether the request may have
 * taken effect anyway (`ambiguous`). Messages and details never carry credentials or tokens.
 */
import { ProviderError } from '@lipwa/core';
import { droppedAfterConnect } from '../common/dropped-connection.js';

/** What CashPay answered when it did not succeed: its error envelope plus the HTTP status. */
export interface CashpayFailure {
  readonly httpStatus: number;
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly param?: string | undefined;
  readonly retryAfterMs?: number | undefined;
}

export type CashpayOperation = 'token' | 'charge' | 'retrieve';

const operationNames: Record<CashpayOperation, string> = {
  token: 'CashPay token request',
  charge: 'CashPay create charge',
  retrieve: 'CashPay retrieve charge',
};

function describe(failure: CashpayFailure): string {
  const code = failure.code ?? `HTTP ${failure.httpStatus}`;
  return failure.message ? `${code}: ${failure.message}` : code;
}

function failureDetails(failure: CashpayFailure) {
  return {
    httpStatus: failure.httpStatus,
    ...(failure.param === undefined ? {} : { param: failure.param }),
  };
}

/** Maps CashPay's error envelope (after any token retry) to a `ProviderError`. */
export function providerErrorFrom(
  failure: CashpayFailure,
  operation: CashpayOperation,
): ProviderError {
  const name = operationNames[operation];
  const providerCode = failure.code ?? String(failure.httpStatus);
  const base = { providerCode, details: failureDetails(failure), ambiguous: false };
  if (failure.httpStatus === 429) {
    return new ProviderError(
      'provider_unavailable',
      `${name} was rate limited (${describe(failure)}): try again${
        failure.retryAfterMs === undefined
          ? ' shortly.'
          : ` in ${Math.ceil(failure.retryAfterMs / 1000)} s.`
      }`,
      { ...base, retryable: true, retryAfterMs: failure.retryAfterMs },
    );
  }
  if (failure.httpStatus >= 500) {
    return new ProviderError(
      'provider_unavailable',
      `${name} failed on CashPay's side (${describe(failure)}): try again shortly.`,
      { ...base, retryable: true, retryAfterMs: failure.retryAfterMs },
    );
  }
  if (failure.httpStatus === 401 || failure.httpStatus === 403) {
    return new ProviderError(
      'provider_auth_failed',
      operation === 'token'
        ? `CashPay refused to issue an access token (${describe(failure)}): check clientId and clientSecret, and that they belong to this environment.`
        : `${name} refused a fresh access token (${describe(failure)}): check that the API client may create and read charges.`,
      { ...base, retryable: false },
    );
  }
  return new ProviderError(
    'provider_rejected',
    `${name} was refused (${describe(failure)}): the request was not accepted, fix it before trying again.`,
    { ...base, retryable: false, reason: 'provider_error' },
  );
}

/**
 * No response arrived. Before the connection opened nothing was sent; a charge whose connection
 * dropped after it opened may have been created, so it is ambiguous like a timeout.
 */
export function networkError(operation: CashpayOperation, cause: unknown): ProviderError {
  const ambiguous = operation === 'charge' && droppedAfterConnect(cause);
  return new ProviderError(
    'provider_unavailable',
    ambiguous
      ? `${operationNames[operation]} lost its connection after the request was sent: the charge may have been created, retrieve it before creating another.`
      : `${operationNames[operation]} could not reach CashPay (network error): check connectivity and baseUrl, then try again.`,
    { cause, retryable: !ambiguous, ambiguous },
  );
}

/**
 * The request timed out, or the caller aborted it, after it was sent. A charge may have been
 * created: it is ambiguous (though harmless, the customer never saw its page). Reads are safe to repeat.
 */
export function timeoutError(
  operation: CashpayOperation,
  timeoutMs: number,
  byCaller: boolean,
  cause: unknown,
): ProviderError {
  const why = byCaller ? 'was aborted by the caller' : `timed out after ${timeoutMs} ms`;
  const ambiguous = operation === 'charge';
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} ${why}; ${
      ambiguous
        ? 'a charge may have been created, but the customer was not sent to it: start a new one.'
        : 'try again.'
    }`,
    { cause, retryable: !ambiguous && !byCaller, ambiguous, details: { timedOut: true } },
  );
}

/** The caller's signal was already aborted: nothing was sent. */
export function abortedBeforeSending(operation: CashpayOperation, cause: unknown): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} was not sent because the caller's signal was already aborted.`,
    { cause, retryable: false, ambiguous: false },
  );
}

/**
 * CashPay answered 2xx with a body that is not the documented shape. `answer` is what it said,
 * safe to keep (never a token answer); a created charge may exist, so `charge` is ambiguous.
 */
export function unexpectedResponse(
  operation: CashpayOperation,
  httpStatus: number,
  what: string,
  answer?: unknown,
): ProviderError {
  const ambiguous = operation === 'charge';
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} answered HTTP ${httpStatus} without ${what}${
      ambiguous ? ': a charge may have been created; start a new one.' : '.'
    }`,
    {
      retryable: !ambiguous,
      ambiguous,
      details: { httpStatus, ...(answer === undefined ? {} : { answer }) },
    },
  );
}
