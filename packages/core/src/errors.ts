/**
 * Every error Lipwa raises on purpose carries a stable `code` callers can switch on, and the HTTP
 * status of that code as `statusCode`; a `ProviderError` adds `retryable`, `ambiguous`, `reason`
 * and `providerCode`. HTTP maps codes to RFC 9457 problem details in one place (`protocol.ts`).
 */
export const ErrorCode = {
  InvalidRequest: 'invalid_request',
  InvalidPhone: 'invalid_phone',
  InvalidAmount: 'invalid_amount',
  InvalidField: 'invalid_field',
  InvalidSession: 'invalid_session',
  SessionExpired: 'session_expired',
  OriginNotAllowed: 'origin_not_allowed',
  NotFound: 'not_found',
  PaymentNotFound: 'payment_not_found',
  SessionPaid: 'session_paid',
  /** The same Idempotency-Key was sent with a different body. */
  IdempotencyMismatch: 'idempotency_mismatch',
  /** The reference already has a pending attempt for a different amount. */
  ReferenceInUse: 'reference_in_use',
  AttemptCooldown: 'attempt_cooldown',
  RateLimited: 'rate_limited',
  ProviderUnavailable: 'provider_unavailable',
  ProviderRejected: 'provider_rejected',
  ProviderAuthFailed: 'provider_auth_failed',
  InvalidCallback: 'invalid_callback',
  CallbackUnauthorized: 'callback_unauthorized',
  InvalidSignature: 'invalid_signature',
  IllegalTransition: 'illegal_transition',
  ConfigInvalid: 'config_invalid',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of each code, in the order `ErrorCode` lists them. The widget's bundle carries
 * this, so it is a short list rather than a map; `problemStatus` in `protocol.ts` is the readable
 * table with titles, and a test keeps the two equal.
 */
const statusInCodeOrder = [
  400, 422, 422, 422, 401, 401, 403, 404, 404, 409, 422, 409, 429, 429, 502, 502, 502, 400, 401,
  401, 409, 500, 500,
] as const satisfies { length: 23 };

/** The HTTP status a code answers with, e.g. 409 for `session_paid`. */
export function errorStatus(code: ErrorCode): number {
  return statusInCodeOrder[Object.values(ErrorCode).indexOf(code)] ?? 500;
}

export interface LipwaErrorOptions {
  cause?: unknown;
  /** Extra, safe-to-show details (never secrets): field paths, retry hints, provider codes. */
  details?: Record<string, unknown>;
}

export class LipwaError extends Error {
  override readonly name: string = 'LipwaError';
  readonly code: ErrorCode;
  // `declare`: assigned in the constructor, without a field declaration in the widget's bundle.
  /** The HTTP status this code answers with, e.g. 409 for `session_paid`. */
  declare readonly statusCode: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: LipwaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = errorStatus(code);
    this.details = options.details ?? {};
  }
}

/** Input a caller sent is wrong; fix the input, do not retry as is. */
export class ValidationError extends LipwaError {
  override readonly name = 'ValidationError';
}

/** A session token is missing, forged, expired or used outside what it allows. */
export class SessionError extends LipwaError {
  override readonly name = 'SessionError';
}

/** What a provider failure says beyond its code: the server reads these fields, never `details`. */
export interface ProviderErrorOptions extends LipwaErrorOptions {
  /** Whether trying the same request again may help (a 429, a 5xx, a refused connection). */
  retryable?: boolean;
  /** True when the request may have reached the provider (a timeout): query before pushing again. */
  ambiguous?: boolean;
  /** The canonical failure reason, when the provider said why (e.g. `subscriber_busy`). */
  reason?: string;
  /** The provider's own error or result code, as text, kept for support. */
  providerCode?: string;
  /** How long the provider asked us to wait (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/**
 * The provider failed, refused or could not be reached. The typed fields say whether trying
 * again may help, whether a prompt may have gone out anyway, and why. They are also copied into
 * `details` (safe to show) for problem details and logs.
 */
export class ProviderError extends LipwaError {
  override readonly name = 'ProviderError';
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  readonly reason: string | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: ProviderErrorOptions = {}) {
    const details = options.details ?? {};
    const pick = <T>(typed: T | undefined, key: string, is: (value: unknown) => value is T) =>
      typed ?? (is(details[key]) ? (details[key] as T) : undefined);
    const retryable = pick(options.retryable, 'retryable', isBoolean) ?? false;
    const ambiguous = pick(options.ambiguous, 'ambiguous', isBoolean) ?? false;
    const reason = pick(options.reason, 'reason', isString);
    const providerCode = pick(options.providerCode, 'providerCode', isString);
    const retryAfterMs = pick(options.retryAfterMs, 'retryAfterMs', isNumber);
    super(code, message, {
      cause: options.cause,
      details: {
        ...details,
        retryable,
        ambiguous,
        ...(reason === undefined ? {} : { reason }),
        ...(providerCode === undefined ? {} : { providerCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    });
    this.retryable = retryable;
    this.ambiguous = ambiguous;
    this.reason = reason;
    this.providerCode = providerCode;
    this.retryAfterMs = retryAfterMs;
  }
}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Options that cannot work, found at start-up (code `config_invalid`). The message says how to
 * fix them; it never contains a secret.
 */
export class ConfigError extends LipwaError {
  override readonly name = 'ConfigError';
  constructor(message: string, options: LipwaErrorOptions = {}) {
    super('config_invalid', message, options);
  }
}

/** A callback that is forged, unauthorised or malformed. Nothing was changed. */
export class CallbackError extends LipwaError {
  override readonly name = 'CallbackError';
}

export function isLipwaError(value: unknown): value is LipwaError {
  return value instanceof LipwaError;
}
