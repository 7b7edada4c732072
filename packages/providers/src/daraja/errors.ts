/**
 * Turns Daraja's failures into `ProviderError`s with a stable code, whether a retry may help
 * (`retryable`) and whether the request may have taken effect anyway (`ambiguous`).
 */
import { ProviderError } from '@lipwa/core';
import { droppedAfterConnect } from '../common/dropped-connection.js';

/** What Daraja answered when it did not succeed: its error envelope plus the HTTP status. */
export interface DarajaFailure {
  readonly httpStatus: number;
  readonly errorCode?: string | undefined;
  readonly errorMessage?: string | undefined;
  readonly requestId?: string | undefined;
}

export type DarajaOperation =
  | 'oauth'
  | 'stkpush'
  | 'query'
  | 'c2b-register'
  | 'c2b-simulate'
  | 'b2c'
  | 'transaction-status'
  | 'reversal'
  | 'balance';

const operationNames: Record<DarajaOperation, string> = {
  oauth: 'Daraja OAuth',
  stkpush: 'Daraja STK push',
  query: 'Daraja STK query',
  'c2b-register': 'Daraja C2B register URL',
  'c2b-simulate': 'Daraja C2B simulate',
  b2c: 'Daraja B2C payment request',
  'transaction-status': 'Daraja transaction status',
  reversal: 'Daraja reversal',
  balance: 'Daraja account balance',
};

/**
 * Requests that move money: when one times out or its answer is unreadable it may still have
 * taken effect, so it is ambiguous (find out before sending another).
 */
const moneyMoving: ReadonlySet<DarajaOperation> = new Set([
  'stkpush',
  'c2b-simulate',
  'b2c',
  'reversal',
]);

/**
 * Repeating these is harmless even after a timeout: B2C carries its OriginatorConversationID
 * (Daraja refuses a duplicate with 500.002.1001) and a second reversal of one transaction
 * ends in R000001 (already reversed). An STK push or a C2B simulation has no such key.
 */
const safeToRepeat: ReadonlySet<DarajaOperation> = new Set([
  'oauth',
  'query',
  'c2b-register',
  'b2c',
  'transaction-status',
  'reversal',
  'balance',
]);

/** Daraja's code for a repeated OriginatorConversationID: the first request was received. */
export const DUPLICATE_ORIGINATOR_ID = '500.002.1001';
/** Daraja's codes for an access token it no longer accepts. */
export const invalidTokenCodes: ReadonlySet<string> = new Set(['404.001.03', '401.002.01']);

/** Daraja's code for "unable to lock subscriber", "merchant does not exist", wrong password, or (on query) still processing. */
export const SUBSCRIBER_LOCKED = '500.001.1001';

const throttleCodes = new Set(['500.003.02', '500.003.03']);

function describe(failure: DarajaFailure): string {
  const code = failure.errorCode ?? `HTTP ${failure.httpStatus}`;
  return failure.errorMessage ? `${code} ${failure.errorMessage}` : code;
}

function details(failure: DarajaFailure, retryable: boolean, extra: Record<string, unknown> = {}) {
  return {
    providerCode: failure.errorCode ?? String(failure.httpStatus),
    httpStatus: failure.httpStatus,
    ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
    retryable,
    ambiguous: false,
    ...extra,
  };
}

// 500.001.1001 also covers configuration mistakes; Daraja's message is the only way to tell them apart.
const credentialMessages = /merchant does not exist|credential|password/i;

/** Maps a Daraja error envelope (after any token retry) to a `ProviderError`. */
export function providerErrorFrom(
  failure: DarajaFailure,
  operation: DarajaOperation,
): ProviderError {
  const name = operationNames[operation];
  const code = failure.errorCode ?? '';
  if (invalidTokenCodes.has(code) || code === '404.001.04' || failure.httpStatus === 401) {
    return new ProviderError(
      'provider_auth_failed',
      `${name} refused the access token even after fetching a new one (${describe(failure)}): check that the consumer key and secret belong to the app with this API enabled.`,
      { details: details(failure, false) },
    );
  }
  if (code === SUBSCRIBER_LOCKED && operation === 'stkpush') {
    if (credentialMessages.test(failure.errorMessage ?? '')) {
      return new ProviderError(
        'provider_rejected',
        `${name} was refused (${describe(failure)}): check the shortcode and passkey configured for this Daraja app.`,
        { details: details(failure, false, { reason: 'provider_error' }) },
      );
    }
    return new ProviderError(
      'provider_rejected',
      `${name} was refused because the customer already has an M-Pesa transaction in progress (${describe(failure)}): ask them to try again in about a minute.`,
      { details: details(failure, true, { reason: 'subscriber_busy', retryAfterSeconds: 60 }) },
    );
  }
  if (code === DUPLICATE_ORIGINATOR_ID) {
    return new ProviderError(
      'provider_rejected',
      `${name} was refused as a duplicate (${describe(failure)}): Daraja already has a request with this OriginatorConversationID, so the first one arrived; wait for its result instead of sending again.`,
      { details: details(failure, false, { reason: 'duplicate_request' }) },
    );
  }
  if (failure.httpStatus === 429 || throttleCodes.has(code) || failure.httpStatus >= 500) {
    return new ProviderError(
      'provider_unavailable',
      `${name} is unavailable or throttling requests (${describe(failure)}): try again shortly.`,
      { details: details(failure, true) },
    );
  }
  return new ProviderError(
    'provider_rejected',
    `${name} rejected the request (${describe(failure)}): the request was not accepted, fix it before trying again.`,
    { details: details(failure, false) },
  );
}

/**
 * No response arrived. Before the connection opened nothing was sent; a connection reset on a
 * money-moving request is ambiguous like a timeout (the push may have gone out).
 */
export function networkError(operation: DarajaOperation, cause: unknown): ProviderError {
  const ambiguous = moneyMoving.has(operation) && droppedAfterConnect(cause);
  const what = ambiguous
    ? 'lost its connection after the request was sent: it may have reached Daraja, query before sending it again.'
    : 'could not be reached (network error): check connectivity to the Daraja host and try again.';
  return new ProviderError('provider_unavailable', `${operationNames[operation]} ${what}`, {
    cause,
    details: { retryable: !ambiguous || safeToRepeat.has(operation), ambiguous },
  });
}

/**
 * The request timed out or the caller aborted it after it was sent. A push may have reached
 * Daraja, so it is ambiguous: query before pushing again. Query is safe to repeat.
 */
export function timeoutError(
  operation: DarajaOperation,
  timeoutMs: number,
  byCaller: boolean,
  cause: unknown,
): ProviderError {
  const why = byCaller ? 'was aborted by the caller' : `timed out after ${timeoutMs} ms`;
  const ambiguous = moneyMoving.has(operation);
  const advice =
    operation === 'stkpush'
      ? 'the prompt may still have been sent: query the payment before pushing again.'
      : ambiguous && safeToRepeat.has(operation)
        ? 'it may still have reached Daraja: repeating it with the same identifiers is safe, or wait for its result.'
        : ambiguous
          ? 'it may still have reached Daraja: check before sending it again.'
          : 'try again.';
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} ${why}; ${advice}`,
    {
      cause,
      details: {
        retryable: safeToRepeat.has(operation) && !byCaller,
        ambiguous,
        timedOut: true,
      },
    },
  );
}

const ANSWER_LIMIT = 500;

function shortAnswer(answer: unknown): string {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  return text.length > ANSWER_LIMIT ? `${text.slice(0, ANSWER_LIMIT)}…` : text;
}

/** Daraja answered 2xx with a body that does not have the documented shape. */
export function unexpectedResponse(
  operation: DarajaOperation,
  httpStatus: number,
  what: string,
  answer?: unknown,
): ProviderError {
  const ambiguous = moneyMoving.has(operation);
  const advice =
    operation === 'stkpush'
      ? ': the prompt may have been sent, query before pushing again.'
      : ambiguous
        ? ': it may have been accepted, wait for its result before sending again.'
        : '.';
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} answered HTTP ${httpStatus} without ${what}${advice}`,
    {
      details: {
        httpStatus,
        retryable: !ambiguous || safeToRepeat.has(operation),
        ambiguous,
        // Daraja's own answer (it never echoes our credentials), kept for support.
        ...(answer === undefined ? {} : { answer: shortAnswer(answer) }),
      },
    },
  );
}

/** The caller's signal was already aborted: nothing was sent. */
export function abortedBeforeSending(operation: DarajaOperation, cause: unknown): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    `${operationNames[operation]} was not sent because the caller's signal was already aborted.`,
    { cause, details: { retryable: false, ambiguous: false } },
  );
}
