/**
 * What every Cashfin endpoint in the simulator shares: the rate limit (headers on every answer),
 * queued faults answered in Cashfin's envelope, the bare client secret, and JSON bodies.
 */
import express, { type RequestHandler } from 'express';
import { asyncHandler } from '../async-handler.js';
import { secretsEqual } from '../daraja/password.js';
import type { FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import { errorForStatus, malformedJson, rateLimited, unauthorized } from './cashfin-error.js';
import { createRateLimiter, type RateWindow } from './rate-limiter.js';
import { cashfinSandbox } from './sandbox.js';

export function rateLimit(kit: SimulatorKit, windows?: readonly RateWindow[]): RequestHandler {
  const limiter = createRateLimiter(kit.now, windows);
  return (req, res, next) => {
    const decision = limiter.take(req.get('authorization') ?? '');
    res.set({
      'X-RateLimit-Limit': String(decision.limit),
      'X-RateLimit-Remaining': String(decision.remaining),
      'X-RateLimit-Reset': String(decision.resetAt),
    });
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    next();
  };
}

/** Applies a queued fault for `operation`: an error in Cashfin's envelope, no answer at all, or a late one. */
export function faults(kit: SimulatorKit, operation: FaultOperation = 'stkpush'): RequestHandler {
  return asyncHandler(async (_req, res, next) => {
    const fault = kit.takeFault(operation, 'cashfin');
    if (fault?.kind === 'http') {
      if (fault.status === 429) res.set('X-RateLimit-Remaining', '0');
      throw errorForStatus(fault.status);
    }
    if (fault?.kind === 'hang') await new Promise<never>(() => {});
    if (fault?.kind === 'delay') await kit.wait(fault.delayMs);
    next();
  });
}

/** The bare client secret, compared in constant time; `Bearer cs_…` is refused like a wrong one. */
export const clientSecretAuth: RequestHandler = (req, _res, next) => {
  if (!secretsEqual(req.get('authorization') ?? '', cashfinSandbox.clientSecret)) {
    throw unauthorized();
  }
  next();
};

/** JSON bodies only; any other content type reads as an empty body, so every field is "required". */
export function jsonBody(): RequestHandler[] {
  return [
    express.text({ type: () => true, limit: '64kb' }),
    (req, _res, next) => {
      const text = typeof req.body === 'string' ? req.body : '';
      if (!req.is('application/json') || text.trim() === '') {
        req.body = {};
        return next();
      }
      try {
        req.body = JSON.parse(text);
      } catch {
        throw malformedJson();
      }
      next();
    },
  ];
}
