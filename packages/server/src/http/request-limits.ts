/**
 * Per-client limits on the routes an attacker can call in bulk without a payment: session
 * creation and status reads (one-off reads and stream opens). Counted in the kit's `LimitStore`,
 * so instances sharing Redis or PostgreSQL share the allowance. Keyed by `req.ip`, which honours
 * Express `trust proxy`: behind a proxy, set it, or every client shares the proxy's address.
 * A refusal names its rule as `limit`: `client_sessions` or `client_status_reads`.
 */
import { LipwaError } from '@lipwa/core';
import type { RequestHandler } from 'express';
import type { LimitRule, LimitStore } from '../limits/limit-store.js';

export type RequestScope = 'session_create' | 'status_read';

export interface RequestLimitSettings {
  readonly windowMs: number;
  readonly maxSessionCreates: number;
  readonly maxStatusReads: number;
}

export function requestLimiter(
  store: LimitStore,
  settings: RequestLimitSettings,
): (scope: RequestScope) => RequestHandler {
  const rules: Record<RequestScope, LimitRule> = {
    session_create: {
      name: 'client_sessions',
      max: settings.maxSessionCreates,
      windowMs: settings.windowMs,
    },
    status_read: {
      name: 'client_status_reads',
      max: settings.maxStatusReads,
      windowMs: settings.windowMs,
    },
  };
  return (scope) => async (req, _res, next) => {
    try {
      const decision = await store.consume(rules[scope], req.ip ?? 'unknown');
      if (decision.allowed) return next();
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      next(
        new LipwaError(
          'rate_limited',
          `Too many requests from this device. Try again in ${seconds} seconds.`,
          { details: { retryAfter: seconds, limit: rules[scope].name } },
        ),
      );
    } catch (error) {
      next(error);
    }
  };
}
