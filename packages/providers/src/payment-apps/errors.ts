/**
 * Turns the gateway's failures into `ProviderError`s with the provider's own code (its HTTP
 * status, or the code inside a failed wrapper), whether a retry may help (`retryable`), whether
 * the request may have taken effect anyway (`ambiguous`), and how long to wait (`retryAfterMs`).
 * Raw answers are kept in `details.raw`, shortened; the API token is never part of them.
 */
import { ProviderError } from '@lipwa/core';
import { droppedAfterConnect } from '../common/dropped-connection.js';
import type { ErrorEnvelope } from './schemas.js';

/** The gateway's operations, by its own names. */
export const paymentAppsOperations = [
  'requestPayment',
  'checkPaymentRequestStatus',
  'apps',
  'tokens',
  'sendMoney',
  'sendAirtime',
  'transaction',
  'queryTransactions',
  'fetchTransactions',
  'getTransactionStatus',
  'reverseTransaction',
  'checkBalance',
  'extractTransaction',
  'simulateTransaction',
  'getInstructions',
] as const;
export type PaymentAppsOperation = (typeof paymentAppsOperations)[number];

const operationNames = Object.fromEntries(
  paymentAppsOperations.map((operation) => [operation, `Payment-apps ${operation}`]),
) as Record<PaymentAppsOperation, string>;

/**
 * Operations that move money: a request that may have reached the gateway is ambiguous (the
 * money may be on its way), and they are never sent twice by the adapter.
 */
export const moneyMovingOperations: ReadonlySet<PaymentAppsOperation> = new Set([
  'requestPayment',
  'sendMoney',
  'sendAirtime',
  'reverseTransaction',
  'simulateTransaction',
]);

/** The ability each operation's token needs (payment-apps.md); the rest need `payments:read`. */
const writeOperations: ReadonlySet<PaymentAppsOperation> = new Set([
  ...moneyMovingOperations,
  'extractTransaction',
]);

/** Operations on one transaction: a 404 names the transaction, not the app. */
const transactionOperations: ReadonlySet<PaymentAppsOperation> = new Set([
  'checkPaymentRequestStatus',
  'transaction',
  'getTransactionStatus',
  'reverseTransaction',
  'getInstructions',
]);

/**
 * What the gateway says, as a 500, when it will not do something at all (the driver cannot, the
 * transaction is in the wrong state): a refusal, not an outage, so not worth retrying.
 */
const refusals: readonly { pattern: RegExp; reason: 'duplicate_request' | 'not_permitted' }[] = [
  { pattern: /already been reversed/i, reason: 'duplicate_request' },
  {
    pattern:
      /not supported|only completed|only payments received|not in sandbox mode|takes no c2b/i,
    reason: 'not_permitted',
  },
];

/** What the gateway answered when it did not succeed. */
export interface GatewayFailure {
  readonly httpStatus: number;
  readonly envelope: ErrorEnvelope;
  /** The body as received, shortened. */
  readonly raw: string;
  /** From `Retry-After` or `retry_after`. */
  readonly retryAfterMs?: number | undefined;
}

/** Daraja's "a transaction is already in process for the current subscriber", passed through. */
const busyMessage = /unable to lock subscriber|already in process/i;
/** Daraja's "still processing" on an STK query, passed through as an upstream failure. */
export const stillProcessingMessage = /being processed|under processing/i;

const RAW_LIMIT = 1_000;

/** A Sanctum token `{id}|{secret}` (tokens.create answers with one): never kept in an error. */
const sanctumToken = /\b\d{1,18}\|[A-Za-z0-9]{16,}/g;

export function shorten(raw: string): string {
  const safe = raw.replace(sanctumToken, '[redacted token]');
  return safe.length > RAW_LIMIT ? `${safe.slice(0, RAW_LIMIT)}…` : safe;
}

function said(failure: GatewayFailure): string {
  const text = failure.envelope.error ?? failure.envelope.message;
  return text ? `${failure.httpStatus} ${text}` : `HTTP ${failure.httpStatus}`;
}

function details(failure: GatewayFailure): Record<string, unknown> {
  const fields = failure.envelope.errors ? Object.keys(failure.envelope.errors) : undefined;
  return { httpStatus: failure.httpStatus, raw: failure.raw, ...(fields ? { fields } : {}) };
}

/** Maps an error answer to a `ProviderError`; `paymentApp`/`ref` make the advice precise. */
export function providerErrorFrom(
  failure: GatewayFailure,
  operation: PaymentAppsOperation,
  context: { paymentApp: string; ref?: string | undefined },
): ProviderError {
  const name = operationNames[operation];
  const { httpStatus } = failure;
  const base = { providerCode: String(httpStatus), details: details(failure) };
  const text = failure.envelope.error ?? failure.envelope.message ?? '';
  if (httpStatus === 401) {
    return new ProviderError(
      'provider_auth_failed',
      `${name} refused the API token (${said(failure)}): create a new token in the gateway's dashboard and check it has not expired or been revoked.`,
      { ...base, retryable: false, ambiguous: false },
    );
  }
  if (httpStatus === 403) {
    return new ProviderError(
      'provider_auth_failed',
      `${name} was forbidden (${said(failure)}): the token needs the ${writeOperations.has(operation) ? 'payments:write' : 'payments:read'} ability and must belong to the owner of payment app ${context.paymentApp}.`,
      { ...base, retryable: false, ambiguous: false },
    );
  }
  if (httpStatus === 404) {
    const what = !transactionOperations.has(operation)
      ? `payment app ${context.paymentApp} was not found: check paymentApp`
      : `transaction ${context.ref ?? ''} was not found in payment app ${context.paymentApp}: pass the Salami id the gateway returned for it`;
    return new ProviderError('provider_rejected', `${name}: ${what} (${said(failure)}).`, {
      ...base,
      retryable: false,
      ambiguous: false,
    });
  }
  if (httpStatus === 422) {
    const phoneRefused = failure.envelope.errors?.phone_number !== undefined;
    return new ProviderError(
      'provider_rejected',
      `${name} refused the request as invalid (${said(failure)}): nothing was sent to the customer; fix the fields named in details.fields.`,
      {
        ...base,
        retryable: false,
        ambiguous: false,
        ...(phoneRefused ? { reason: 'invalid_phone' } : {}),
      },
    );
  }
  if (httpStatus === 429) {
    return new ProviderError(
      'provider_unavailable',
      `${name} was rate limited (${said(failure)}): the gateway allows 200 requests a minute per token; try again ${failure.retryAfterMs === undefined ? 'shortly' : `in ${Math.ceil(failure.retryAfterMs / 1000)} s`}.`,
      {
        ...base,
        retryable: true,
        ambiguous: false,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      },
    );
  }
  if (httpStatus >= 500 && busyMessage.test(text)) {
    return new ProviderError(
      'provider_rejected',
      `${name} was refused because the customer already has an M-Pesa transaction in progress (${said(failure)}): ask them to try again in about a minute.`,
      {
        ...base,
        retryable: true,
        ambiguous: false,
        reason: 'subscriber_busy',
        retryAfterMs: 60_000,
      },
    );
  }
  const refusal = httpStatus >= 500 ? refusals.find((r) => r.pattern.test(text)) : undefined;
  if (refusal) {
    return new ProviderError(
      'provider_rejected',
      `${name} was refused by the gateway (${said(failure)}): nothing was done, and asking again will not change that.`,
      { ...base, retryable: false, ambiguous: false, reason: refusal.reason },
    );
  }
  // A gateway timeout: the gateway may still have pushed the prompt, or sent the money.
  if (httpStatus === 504 && moneyMovingOperations.has(operation)) {
    return new ProviderError(
      'provider_unavailable',
      `${name} timed out upstream (${said(failure)}): the prompt may still have been sent; check the payment before asking again.`,
      { ...base, retryable: false, ambiguous: true },
    );
  }
  if (httpStatus >= 500) {
    return new ProviderError(
      'provider_unavailable',
      `${name} failed at the gateway or at M-Pesa (${said(failure)}): try again shortly.`,
      { ...base, retryable: true, ambiguous: false },
    );
  }
  return new ProviderError(
    'provider_rejected',
    `${name} rejected the request (${said(failure)}): it was not accepted; fix it before trying again.`,
    { ...base, retryable: false, ambiguous: false },
  );
}

/** A 2xx whose wrapper says failure (`status` other than `success`), or a non-zero ResponseCode. */
export function wrapperFailure(
  operation: PaymentAppsOperation,
  providerCode: string,
  message: string | undefined,
  raw: string,
): ProviderError {
  return new ProviderError(
    'provider_rejected',
    `${operationNames[operation]} was not accepted (${providerCode}${message ? `: ${message}` : ''}).`,
    { providerCode, retryable: false, ambiguous: false, details: { raw: shorten(raw) } },
  );
}

/** A 2xx without the documented shape. On requestPayment the prompt may have gone out. */
export function unexpectedAnswer(
  operation: PaymentAppsOperation,
  httpStatus: number,
  what: string,
  raw: string,
): ProviderError {
  const ambiguous = moneyMovingOperations.has(operation);
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} answered HTTP ${httpStatus} without ${what}${ambiguous ? ': it may have taken effect; check the transaction before asking again.' : '.'}`,
    { retryable: !ambiguous, ambiguous, details: { httpStatus, raw: shorten(raw) } },
  );
}

/**
 * No answer. Before the connection opened nothing was sent; a request that moves money whose
 * connection dropped after it opened may have reached the gateway: ambiguous, like a timeout.
 */
export function networkError(operation: PaymentAppsOperation, cause: unknown): ProviderError {
  const ambiguous = moneyMovingOperations.has(operation) && droppedAfterConnect(cause);
  return new ProviderError(
    'provider_unavailable',
    ambiguous
      ? `${operationNames[operation]} lost its connection after the request was sent: it may have reached the gateway, check its status before sending it again.`
      : `${operationNames[operation]} could not reach the gateway (network error): check baseUrl and connectivity, then try again.`,
    { cause, retryable: !ambiguous, ambiguous },
  );
}

/**
 * The request timed out or the caller aborted it after sending. A payment request may have
 * reached the gateway, so it is ambiguous; a status check is safe to repeat.
 */
export function timeoutError(
  operation: PaymentAppsOperation,
  timeoutMs: number,
  byCaller: boolean,
  cause: unknown,
): ProviderError {
  const why = byCaller ? 'was aborted by the caller' : `timed out after ${timeoutMs} ms`;
  const ambiguous = moneyMovingOperations.has(operation);
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} ${why}; ${ambiguous ? 'it may still have taken effect: check the transaction before asking again.' : 'try again.'}`,
    {
      cause,
      retryable: !ambiguous && !byCaller,
      ambiguous,
      details: { timedOut: true },
    },
  );
}

/** The caller's signal was already aborted: nothing was sent. */
export function abortedBeforeSending(
  operation: PaymentAppsOperation,
  cause: unknown,
): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} was not sent because the caller's signal was already aborted.`,
    { cause, retryable: false, ambiguous: false },
  );
}
