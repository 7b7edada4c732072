import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DarajaHttpError } from './daraja-error.js';
import type { Engine } from './engine.js';
import type { FaultOperation } from './faults.js';

/** Express 5 forwards rejected promises to the error handler; this keeps handler types tidy. */
export function asyncHandler(
  handler: (req: Request, res: Response, next: NextFunction) => Promise<void>,
): RequestHandler {
  return (req, res, next) => handler(req, res, next);
}

/**
 * Applies a queued fault for `operation` before the endpoint runs: answers an error, never
 * answers (the connection is dropped on close), or waits `delayMs` of simulated time first.
 */
export function faultMiddleware(engine: Engine, operation: FaultOperation): RequestHandler {
  return asyncHandler(async (_req, _res, next) => {
    const fault = engine.takeFault(operation);
    if (fault?.kind === 'http') {
      throw new DarajaHttpError(fault.status, fault.errorCode, fault.errorMessage);
    }
    if (fault?.kind === 'hang') {
      await new Promise<never>(() => {});
    }
    if (fault?.kind === 'delay') await engine.wait(fault.delayMs);
    next();
  });
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `1500` -> `1,500`, independent of the host's locale data. */
export function formatShillings(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
