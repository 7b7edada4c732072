import type { RequestHandler } from 'express';
import { asyncHandler } from '../async-handler.js';
import type { FaultOperation } from '../faults.js';
import type { DarajaEngine } from './daraja-engine.js';
import { DarajaHttpError } from './daraja-error.js';

/**
 * Applies a queued fault for `operation` before the endpoint runs: answers an error, never
 * answers (the connection is dropped on close), or waits `delayMs` of simulated time first.
 */
export function faultMiddleware(engine: DarajaEngine, operation: FaultOperation): RequestHandler {
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
