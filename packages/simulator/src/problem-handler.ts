/** RFC 9457 problem details for the control API and the virtual phone. */
import {
  isLipwaError,
  LipwaError,
  PROBLEM_CONTENT_TYPE,
  problemType,
  ValidationError,
} from '@lipwa/core';
import type { ErrorRequestHandler } from 'express';

const statusByCode: Readonly<Record<string, number>> = {
  invalid_request: 400,
  invalid_field: 400,
  not_found: 404,
  illegal_transition: 409,
};

/** Maps errors to problem details: bad input is 400, unknown ids 404, settled prompts 409. */
export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const bodyError =
    typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
  const known: LipwaError = isLipwaError(error)
    ? error
    : bodyError && Number((error as { status: unknown }).status) < 500
      ? new ValidationError('invalid_request', 'The body must be valid JSON.')
      : new LipwaError('internal_error', 'The simulator failed; see its log.');
  const status = statusByCode[known.code] ?? 500;
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(known.code),
        title: known.name,
        status,
        detail: known.message,
        code: known.code,
      }),
    );
};
