/**
 * Cashfin's Business API as the checkout uses it, mounted under `/cashfin`: the mobile payment
 * request with the bare client secret in `Authorization`, Cashfin's envelopes and status codes,
 * rate-limit headers on every answer, and queued faults for `provider: 'cashfin'` (`stkpush` is
 * the payment request; Cashfin has no token or status endpoint, so `oauth` and `query` faults
 * never apply here).
 */
import express, {
  type ErrorRequestHandler,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { asyncHandler } from '../async-handler.js';
import { secretsEqual } from '../daraja/password.js';
import type { SimulatorKit } from '../kit.js';
import {
  CashfinHttpError,
  errorForStatus,
  internalError,
  malformedJson,
  notFound,
  rateLimited,
  unauthorized,
} from './cashfin-error.js';
import { createCashfinPayments } from './cashfin-payments.js';
import { parseMobilePaymentRequest } from './payment-request.js';
import { createRateLimiter, type RateWindow } from './rate-limiter.js';
import { cashfinSandbox } from './sandbox.js';

export const MOBILE_PAYMENT_PATH = '/business/payments/mobile/request';

export interface CashfinRouterOptions {
  /** Rate-limit windows; default the Professional plan's minute and day limits. */
  readonly rateWindows?: readonly RateWindow[];
}

function rateLimit(kit: SimulatorKit, windows?: readonly RateWindow[]): RequestHandler {
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

/** Applies a queued `stkpush` fault: an error in Cashfin's envelope, no answer at all, or a late one. */
function faults(kit: SimulatorKit): RequestHandler {
  return asyncHandler(async (_req, res, next) => {
    const fault = kit.takeFault('stkpush', 'cashfin');
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
const clientSecretAuth: RequestHandler = (req, _res, next) => {
  if (!secretsEqual(req.get('authorization') ?? '', cashfinSandbox.clientSecret)) {
    throw unauthorized();
  }
  next();
};

/** JSON bodies only; any other content type reads as an empty body, so every field is "required". */
function jsonBody(): RequestHandler[] {
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

function send(res: Response, error: CashfinHttpError): void {
  res.status(error.status).set(error.headers).json(error.body);
}

const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof CashfinHttpError) return send(res, error);
  const bodyTooLarge =
    typeof error === 'object' && error !== null && 'status' in error && error.status === 413;
  send(res, bodyTooLarge ? errorForStatus(400) : internalError());
};

export function cashfinRouter(kit: SimulatorKit, options: CashfinRouterOptions = {}): Router {
  const payments = createCashfinPayments(kit);
  const router = express.Router();
  router.use(rateLimit(kit, options.rateWindows));

  router.post(MOBILE_PAYMENT_PATH, faults(kit), clientSecretAuth, ...jsonBody(), (req, res) => {
    const request = parseMobilePaymentRequest(req.body);
    const accepted = payments.request(request);
    res.status(200).json({
      success: true,
      message: 'Payment created successfully',
      data: {
        checkoutrequestid: accepted.checkoutrequestid,
        merchantrequestid: accepted.merchantrequestid,
        responsecode: '0',
        responsedescription: 'Success. Request accepted for processing',
      },
    });
  });

  router.use((req, _res) => {
    throw notFound(req.method, req.path);
  });
  router.use(errorHandler);
  return router;
}
