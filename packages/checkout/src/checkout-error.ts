/**
 * What went wrong talking to the Lipwa server: the server's stable `code` (from its RFC 9457
 * problem details), the HTTP status and any retry hint. It has `LipwaError`'s shape (`code`,
 * `details`, `cause`) without extending it: core's error class carries the server's table of
 * codes to HTTP statuses, which the widget already has from the answer itself, and the script
 * tag's first load has no room for it (the 12.5 KB budget).
 */
import type { ErrorCode, FailureReason, LipwaErrorOptions } from '@lipwa/core';

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

export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly status: number;
  readonly retryAfter: number | undefined;
  readonly fieldErrors: readonly { path: string; message: string }[];
  readonly reason: FailureReason | undefined;

  constructor(code: ErrorCode, message: string, options: CheckoutErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
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
