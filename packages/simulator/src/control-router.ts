/**
 * The control API under `/_control`: the HTTP mirror of `SimulatorControl`, for tests in other
 * processes (Playwright) and for the virtual phone. Errors are RFC 9457 problem details.
 */
import {
  isLipwaError,
  LipwaError,
  PROBLEM_CONTENT_TYPE,
  problemType,
  ValidationError,
} from '@lipwa/core';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { SimulatorControl } from './engine.js';
import { asyncHandler } from './http-helpers.js';

const resolveBodySchema = z.strictObject({ resultCode: z.number().int() });
const advanceBodySchema = z.strictObject({ ms: z.number().int().min(0).max(86_400_000) });

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    throw new ValidationError('invalid_request', `Invalid ${what} (${problems}).`);
  }
  return parsed.data;
}

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

export function controlRouter(control: SimulatorControl): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/prompts', (req, res) => {
    const phone = typeof req.query.msisdn === 'string' ? req.query.msisdn : undefined;
    res.json(control.prompts().filter((prompt) => !phone || prompt.phone === phone));
  });
  router.post(
    '/prompts/:id/resolve',
    asyncHandler(async (req, res) => {
      const { resultCode } = parseBody(resolveBodySchema, req.body, 'resolve body');
      res.json(await control.resolve(String(req.params.id), { resultCode }));
    }),
  );
  router.get('/faults', (_req, res) => {
    res.json(control.faults());
  });
  router.post('/faults', (req, res) => {
    res.status(201).json(control.fault(req.body));
  });
  router.delete('/faults', (_req, res) => {
    control.clearFaults();
    res.status(204).end();
  });
  router.get('/callbacks', (_req, res) => {
    res.json(control.callbacks());
  });
  router.post('/reset', (_req, res) => {
    control.reset();
    res.status(204).end();
  });
  router.post(
    '/advance',
    asyncHandler(async (req, res) => {
      const { ms } = parseBody(advanceBodySchema, req.body, 'advance body');
      await control.advance(ms);
      res.status(204).end();
    }),
  );
  router.use(() => {
    throw new LipwaError('not_found', 'No such control endpoint; see the simulator README.');
  });
  router.use(problemHandler);
  return router;
}
