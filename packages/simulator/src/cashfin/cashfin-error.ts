/**
 * Cashfin's error answers (cashfin-response-format.txt, cashfin.md): `{ success: false, error,
 * errors?, message }`, except 401, which is `{ success: false, message: "Unauthorized access!" }`,
 * and 429, which adds `retry_after` (seconds) and a `Retry-After` header.
 */

export interface CashfinErrorBody {
  readonly success: false;
  readonly error?: string;
  /** Field name -> what is wrong with it (validation only). */
  readonly errors?: Readonly<Record<string, string>>;
  readonly message?: string;
  readonly retry_after?: number;
}

/** An error answer: HTTP status, body and extra headers. Thrown in handlers, sent by one error handler. */
export class CashfinHttpError extends Error {
  override readonly name = 'CashfinHttpError';
  constructor(
    readonly status: number,
    readonly body: CashfinErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${body.error ?? body.message ?? ''}`.trim());
  }
}

/** The example's fixed wait; an enforced limit says how long until its window resets instead. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

export function unauthorized(): CashfinHttpError {
  return new CashfinHttpError(401, { success: false, message: 'Unauthorized access!' });
}

export function rateLimited(retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): CashfinHttpError {
  return new CashfinHttpError(
    429,
    {
      success: false,
      error: 'Rate limit exceeded. Please try again later.',
      retry_after: retryAfterSeconds,
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function validationFailed(errors: Readonly<Record<string, string>>): CashfinHttpError {
  return new CashfinHttpError(422, {
    success: false,
    error: 'There are problems with your submission',
    errors,
    message: 'Please correct the highlighted fields and try again.',
  });
}

export function malformedJson(): CashfinHttpError {
  return new CashfinHttpError(400, {
    success: false,
    error: 'Invalid JSON payload',
    message: 'The request body could not be parsed as JSON.',
  });
}

export function notFound(method: string, path: string): CashfinHttpError {
  return new CashfinHttpError(404, {
    success: false,
    error: 'Resource not found',
    message: `Cannot ${method} ${path}: no such Cashfin endpoint (see docs/providers/cashfin.md).`,
  });
}

/** The customer already has an M-Pesa request in flight: Cashfin refuses the new one (magic 254711000017). */
export function subscriberBusy(): CashfinHttpError {
  return new CashfinHttpError(409, {
    success: false,
    error: 'A payment request is already in progress for this phone number',
    message:
      'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  });
}

export function internalError(): CashfinHttpError {
  return new CashfinHttpError(500, {
    success: false,
    error: 'Internal server error',
    message: 'Something went wrong on our side. Please try again later.',
  });
}

const briefErrors: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Resource not found',
  409: 'Conflict',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** What a queued `http` fault answers: Cashfin's envelope for that status. */
export function errorForStatus(status: number): CashfinHttpError {
  if (status === 401) return unauthorized();
  if (status === 429) return rateLimited();
  if (status === 422) return validationFailed({});
  const error = briefErrors[status] ?? (status >= 500 ? 'Internal server error' : 'Bad request');
  return new CashfinHttpError(status, {
    success: false,
    error,
    message:
      status >= 500
        ? 'Something went wrong on our side. Please try again later.'
        : 'The request could not be processed.',
  });
}
