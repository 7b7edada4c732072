/**
 * What every payment-apps endpoint in the simulator shares: queued faults answered in the
 * gateway's envelope, Sanctum auth with the per-token rate limit, abilities, and Laravel's
 * lenient body parsing.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import { asyncHandler } from '../async-handler.js';
import type { FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import type { ApiToken } from './api-tokens.js';
import { GatewayHttpError } from './gateway-error.js';
import type { PaymentAppsGateway } from './payment-apps-gateway.js';

/** `res.locals` after `authenticated()`. */
interface Authenticated {
  token: ApiToken;
}

export function tokenOf(res: Response): ApiToken {
  return (res.locals as Authenticated).token;
}

/**
 * Applies a queued payment-apps fault before the endpoint runs, in the gateway's own envelope:
 * `http` answers the status (429 with `Retry-After: 60`), `hang` never answers, `delay` waits.
 */
export function faults(kit: SimulatorKit, operation: FaultOperation): RequestHandler {
  return asyncHandler(async (_req, _res, next) => {
    const fault = kit.takeFault(operation, 'payment-apps');
    if (fault?.kind === 'http') {
      const headers: Record<string, string> =
        fault.status === 429 ? { 'Retry-After': '60', 'X-RateLimit-Remaining': '0' } : {};
      throw new GatewayHttpError(fault.status, fault.errorMessage, undefined, headers);
    }
    if (fault?.kind === 'hang') await new Promise<never>(() => {});
    if (fault?.kind === 'delay') await kit.wait(fault.delayMs);
    next();
  });
}

/** Sanctum auth, then the per-token rate limit (its headers go on every answer). */
export function authenticated(gateway: PaymentAppsGateway): RequestHandler {
  return (req, res, next) => {
    const token = gateway.authenticate(req.get('authorization'));
    const rate = gateway.throttle(token);
    res.set('X-RateLimit-Limit', String(rate.limit));
    res.set('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      throw new GatewayHttpError(429, 'Too Many Attempts.', undefined, {
        'Retry-After': String(rate.retryAfterSeconds),
        'X-RateLimit-Reset': String(rate.resetAt),
      });
    }
    (res.locals as Authenticated).token = token;
    next();
  };
}

export function ability(gateway: PaymentAppsGateway, name: string): RequestHandler {
  return (_req, res, next) => {
    gateway.require(tokenOf(res), name);
    next();
  };
}

/**
 * Laravel reads JSON bodies and form bodies; anything it cannot parse is simply no input, so a
 * broken body ends as "field is required" (422), never as a 400.
 */
export function body(): RequestHandler[] {
  return [
    express.text({ type: () => true, limit: '64kb' }),
    (req, _res, next) => {
      const text = typeof req.body === 'string' ? req.body : '';
      let parsed: unknown = {};
      if (req.is('application/x-www-form-urlencoded')) {
        parsed = Object.fromEntries(new URLSearchParams(text));
      } else {
        try {
          parsed = text === '' ? {} : JSON.parse(text);
        } catch {
          parsed = {};
        }
      }
      req.body =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
      next();
    },
  ];
}

export const fields = (req: Request) => req.body as Record<string, unknown>;
