/**
 * Every error Lipwa raises on purpose carries a stable `code` callers can switch on.
 * HTTP maps codes to RFC 9457 problem details in one place (see `protocol.ts`).
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

export interface LipwaErrorOptions {
  cause?: unknown;
  /** Extra, safe-to-show details (never secrets): field paths, retry hints, provider codes. */
  details?: Record<string, unknown>;
}

export class LipwaError extends Error {
  override readonly name: string = 'LipwaError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: LipwaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
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

/** The provider failed, refused or could not be reached. `retryable` says whether trying again may help. */
export class ProviderError extends LipwaError {
  override readonly name = 'ProviderError';
  get retryable(): boolean {
    return this.details.retryable === true;
  }
  /** True when the request may have reached the provider (a timeout): query before pushing again. */
  get ambiguous(): boolean {
    return this.details.ambiguous === true;
  }
}

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
