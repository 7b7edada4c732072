/**
 * The one place errors become RFC 9457 problem details. Codes map to HTTP through core's
 * `problemStatus`; anything that is not a `LipwaError` is a 500 with no internals.
 */
import {
  ErrorCode,
  isLipwaError,
  type ProblemDetails,
  problemStatus,
  problemType,
} from '@lipwa/core';

export interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemDetails;
  /** True when the error was not one we raised on purpose: log it. */
  readonly unexpected: boolean;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

function fieldErrors(value: unknown): { path: string; message: string }[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const errors = value.filter(
    (item): item is { path: string; message: string } =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as { path?: unknown }).path === 'string' &&
      typeof (item as { message?: unknown }).message === 'string',
  );
  return errors.length > 0 ? errors : undefined;
}

/** Errors body-parser raises (`entity.parse.failed`, `entity.too.large`, …) carry a `type`. */
function bodyParserProblem(error: unknown): ProblemDetails | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) {
    return undefined;
  }
  const detail =
    type === 'entity.too.large'
      ? 'The request body is too large.'
      : type === 'entity.parse.failed'
        ? 'The request body is not valid JSON. Send a JSON object such as {"phone":"0712345678"}.'
        : 'The request body could not be read.';
  const { title } = problemStatus.invalid_request;
  return { type: problemType('invalid_request'), title, status, detail, code: 'invalid_request' };
}

export function toProblem(error: unknown, instance?: string): ProblemResponse {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (isLipwaError(error) && knownCodes.has(error.code)) {
    const { status, title } = problemStatus[error.code];
    const body: ProblemDetails = {
      type: problemType(error.code),
      title,
      status,
      detail: error.message,
      code: error.code,
    };
    if (instance !== undefined) body.instance = instance;
    const errors = fieldErrors(error.details.errors);
    if (errors) body.errors = errors;
    const retryAfter = error.details.retryAfter;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) {
      body.retryAfter = Math.max(1, Math.ceil(retryAfter));
      headers['retry-after'] = String(body.retryAfter);
    }
    // The rule that refused a 429 (`phone_window`, `client_streams`, …), stable for clients.
    if (typeof error.details.limit === 'string') body.limit = error.details.limit;
    return { status, headers, body, unexpected: false };
  }
  const parsing = bodyParserProblem(error);
  if (parsing) {
    if (instance !== undefined) parsing.instance = instance;
    return { status: parsing.status, headers, body: parsing, unexpected: false };
  }
  const { status, title } = problemStatus.internal_error;
  const body: ProblemDetails = {
    type: problemType('internal_error'),
    title,
    status,
    detail: 'Something went wrong on our side. It has been logged; please try again.',
    code: 'internal_error',
  };
  if (instance !== undefined) body.instance = instance;
  return { status, headers, body, unexpected: true };
}
