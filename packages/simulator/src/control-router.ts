/**
 * The control API under `/_control`: the HTTP mirror of `SimulatorControl`, for tests in other
 * processes (Playwright) and for the virtual phone. Errors are RFC 9457 problem details.
 */
import { LipwaError, ValidationError } from '@lipwa/core';
import express, { type Router } from 'express';
import { z } from 'zod';
import { asyncHandler } from './async-handler.js';
import type { SimulatorControl } from './engine.js';
import { outcomes } from './outcomes.js';
import { problemHandler } from './problem-handler.js';

// A code as Daraja writes it: a whole number or text (`"1032"`, `"SFC_IC0003"`); the engine checks it is documented.
const resolveBodySchema = z.strictObject({
  resultCode: z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(40)]),
});
const webhookBodySchema = z.strictObject({ url: z.url().optional() });
const webhookProviderSchema = z.enum(['cashfin', 'payment-apps']);
const answerBodySchema = z.strictObject({ outcome: z.enum(outcomes) });
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
  router.post(
    '/prompts/:id/answer',
    asyncHandler(async (req, res) => {
      const { outcome } = parseBody(answerBodySchema, req.body, 'answer body');
      await control.answer(String(req.params.id), outcome);
      res.status(204).end();
    }),
  );
  router.put('/webhooks/:provider', (req, res) => {
    const { url } = parseBody(webhookBodySchema, req.body, 'webhook body');
    control.setWebhookUrl(parseBody(webhookProviderSchema, req.params.provider, 'provider'), url);
    res.status(204).end();
  });
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
