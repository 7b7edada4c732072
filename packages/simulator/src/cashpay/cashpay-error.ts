/**
 * CashPay's error answers. The envelope is an assumption (CashPay's error pages are not public):
 * `{ "error": { "code", "message", "param"?, "retry_after"? } }` with a meaningful HTTP status,
 * the shape most charge APIs use. Thrown inside handlers, sent by one error middleware.
 */
import type { ErrorRequestHandler } from 'express';

export interface CashpayErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly param?: string;
    /** Seconds, on 429 only (also sent as `Retry-After`). */
    readonly retry_after?: number;
  };
}

export class CashpayHttpError extends Error {
  override readonly name = 'CashpayHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly extra: { readonly param?: string; readonly retryAfterSeconds?: number } = {},
  ) {
    super(`${status} ${code} ${description}`);
  }

  body(): CashpayErrorBody {
    return {
      error: {
        code: this.code,
        message: this.description,
        ...(this.extra.param === undefined ? {} : { param: this.extra.param }),
        ...(this.extra.retryAfterSeconds === undefined
          ? {}
          : { retry_after: this.extra.retryAfterSeconds }),
      },
    };
  }
}

export function invalidParam(param: string, message: string): CashpayHttpError {
  return new CashpayHttpError(400, 'invalid_request', message, { param });
}

/** `401 invalid_token`, with the RFC 6750 challenge a Bearer API sends. */
export function invalidToken(message: string): CashpayHttpError {
  return new CashpayHttpError(401, 'invalid_token', message);
}

/** Sends a `CashpayHttpError` in the envelope; anything else is a 500 `server_error`. */
export const cashpayErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const bodyError =
    typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
  const known =
    error instanceof CashpayHttpError
      ? error
      : bodyError && Number((error as { status: unknown }).status) < 500
        ? new CashpayHttpError(400, 'invalid_request', 'The request body could not be read.')
        : new CashpayHttpError(500, 'server_error', 'Something went wrong on our side.');
  if (known.status === 401) {
    res.set(
      'www-authenticate',
      known.code === 'invalid_client'
        ? 'Basic realm="cashpay"'
        : `Bearer realm="cashpay", error="${known.code}"`,
    );
  }
  if (known.extra.retryAfterSeconds !== undefined) {
    res.set('retry-after', String(known.extra.retryAfterSeconds));
  }
  res.status(known.status).json(known.body());
};
