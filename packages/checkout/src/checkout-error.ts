/**
 * What went wrong talking to the Lipwa server, as a core `LipwaError` with the server's stable
 * `code` (from its RFC 9457 problem details) plus the HTTP status and any retry hint.
 */
import {
  type ErrorCode,
  type FailureReason,
  LipwaError,
  type LipwaErrorOptions,
} from '@lipwa/core';

export interface CheckoutErrorOptions extends LipwaErrorOptions {
  /** HTTP status; 0 when the request never got an answer (offline, CORS, DNS). */
  status: number;
  /** Seconds until trying again makes sense, from `retryAfter` or `Retry-After`. */
  retryAfter?: number | undefined;
  /** Field-level problems the server reported (`invalid_phone`). */
  fieldErrors?: readonly { path: string; message: string }[] | undefined;
  /** A canonical failure reason the server attached (a refused push: `subscriber_busy`). */
  reason?: FailureReason | undefined;
}

export class CheckoutError extends LipwaError {
  override readonly name = 'CheckoutError';
  readonly status: number;
  readonly retryAfter: number | undefined;
  readonly fieldErrors: readonly { path: string; message: string }[];
  readonly reason: FailureReason | undefined;

  constructor(code: ErrorCode, message: string, options: CheckoutErrorOptions) {
    super(code, message, options);
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.fieldErrors = options.fieldErrors ?? [];
    this.reason = options.reason;
  }

  /** True when nothing came back at all: the network, not the server, failed. */
  get offline(): boolean {
    return this.status === 0;
  }
}
