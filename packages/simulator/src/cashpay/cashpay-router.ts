/**
 * CashPay's charge API as cashpay.md assumes it, mounted under `/cashpay`: a client-credentials
 * token (`POST /oauth/token`, 55 minutes), `POST /charges` and `GET /charges/:id` with a Bearer
 * token, and the hosted payment page the charge's `transaction_url` points at (`/pay/:id`).
 */
import { isLipwaError } from '@lipwa/core';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { asyncHandler } from '../async-handler.js';
import type { Fault, FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import { createCashpayTokens } from './access-tokens.js';
import {
  CashpayHttpError,
  cashpayErrorHandler,
  invalidParam,
  invalidToken,
} from './cashpay-error.js';
import { parseChargeRequest } from './charge-request.js';
import { type ChargeBook, type ChargeRecord, createChargeBook, toChargeObject } from './charges.js';
import {
  paymentPageCsp,
  paymentPageStyles,
  renderMissingCharge,
  renderPaymentPage,
} from './payment-page.js';
import { CASHPAY_SANDBOX_MERCHANT } from './sandbox.js';

// The fault book fills Daraja's code and message when a test gives none; CashPay speaks its own.
const DARAJA_DEFAULT_CODE = '500.003.02';

function faultError(fault: Fault): CashpayHttpError {
  const own = fault.errorCode !== DARAJA_DEFAULT_CODE;
  if (fault.status === 429) {
    const retryAfterSeconds = fault.delayMs > 0 ? Math.ceil(fault.delayMs / 1000) : 1;
    return new CashpayHttpError(
      429,
      own ? fault.errorCode : 'rate_limited',
      own ? fault.errorMessage : 'Too many requests. Try again later.',
      { retryAfterSeconds },
    );
  }
  if (own) return new CashpayHttpError(fault.status, fault.errorCode, fault.errorMessage);
  if (fault.status === 503) {
    return new CashpayHttpError(503, 'service_unavailable', 'CashPay is temporarily unavailable.');
  }
  if (fault.status >= 500) {
    return new CashpayHttpError(fault.status, 'server_error', 'Something went wrong on our side.');
  }
  if (fault.status === 401) return invalidToken('The access token is invalid or expired.');
  return new CashpayHttpError(fault.status, 'invalid_request', 'The request was refused.');
}

/** Applies a queued CashPay fault before the endpoint runs: an error, a hang, or a delay. */
function faults(kit: SimulatorKit, operation: FaultOperation): RequestHandler {
  return asyncHandler(async (_req, _res, next) => {
    const fault = kit.takeFault(operation, 'cashpay');
    if (fault?.kind === 'http') throw faultError(fault);
    // Never answers; close() drops the connection.
    if (fault?.kind === 'hang') await new Promise<never>(() => {});
    if (fault?.kind === 'delay') await kit.wait(fault.delayMs);
    next();
  });
}

function bearer(kit: SimulatorKit, isValid: (token: string, now: number) => boolean) {
  const check: RequestHandler = (req, _res, next) => {
    const match = /^Bearer ([^\s]+)$/.exec(req.get('authorization') ?? '');
    if (!match?.[1]) throw invalidToken('Send an access token: Authorization: Bearer <token>.');
    if (!isValid(match[1], kit.now())) {
      throw invalidToken('The access token is invalid or expired.');
    }
    next();
  };
  return check;
}

/** Client credentials from HTTP Basic (preferred) or the form body, as RFC 6749 allows. */
function clientCredentials(req: Request): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.get('authorization') ?? '');
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    return { id: body.client_id, secret: body.client_secret };
  }
  return undefined;
}

function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function chargeOrThrow(charges: ChargeBook, id: string): ChargeRecord {
  const record = charges.get(id);
  if (!record) {
    throw new CashpayHttpError(404, 'charge_not_found', `No charge has id "${id}".`, {
      param: 'id',
    });
  }
  return record;
}

function hostedPage(req: Request, res: Response): { actionBase: string; stylesheet: string } {
  res.set('cache-control', 'no-store').set('referrer-policy', 'no-referrer');
  return {
    actionBase: `${req.baseUrl}/pay/${encodeURIComponent(String(req.params.id))}`,
    stylesheet: `${req.baseUrl}/pay.css`,
  };
}

export function cashpayRouter(kit: SimulatorKit): Router {
  const router = express.Router();
  const tokens = createCashpayTokens();
  const charges = createChargeBook(kit);
  const requireToken = bearer(kit, tokens.isValid);
  const forms = express.urlencoded({ extended: false, limit: '4kb' });

  router.post(
    '/oauth/token',
    faults(kit, 'oauth'),
    forms,
    express.json({ limit: '4kb' }),
    (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.grant_type !== 'client_credentials') {
        throw new CashpayHttpError(
          400,
          'unsupported_grant_type',
          'Only grant_type=client_credentials is supported.',
        );
      }
      const client = clientCredentials(req);
      if (!client || !tokens.checkClient(client.id, client.secret)) {
        throw new CashpayHttpError(401, 'invalid_client', 'Client authentication failed.');
      }
      const { accessToken, expiresIn } = tokens.issue(kit.now());
      res
        .set('cache-control', 'no-store')
        .json({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn });
    },
  );

  router.post(
    '/charges',
    faults(kit, 'stkpush'),
    requireToken,
    express.json({ limit: '64kb' }),
    (req, res) => {
      if (!req.is('application/json')) {
        throw invalidParam('body', 'Send the charge as JSON (Content-Type: application/json).');
      }
      const request = parseChargeRequest(req.body, kit.config.cashpayCurrency);
      const record = charges.create(request, `${origin(req)}${req.baseUrl}/pay`);
      res.status(201).json(toChargeObject(record));
    },
  );

  router.get('/charges/:id', faults(kit, 'query'), requireToken, (req, res) => {
    res.json(toChargeObject(chargeOrThrow(charges, String(req.params.id))));
  });

  router.get('/pay.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').send(paymentPageStyles);
  });

  router.get('/pay/:id', (req, res) => {
    const context = hostedPage(req, res);
    const record = charges.get(String(req.params.id));
    if (!record) {
      res
        .status(404)
        .set('content-security-policy', paymentPageCsp(''))
        .type('html')
        .send(renderMissingCharge(String(req.params.id), context.stylesheet));
      return;
    }
    res
      .set('content-security-policy', paymentPageCsp(record.request.redirectUrl))
      .type('html')
      .send(renderPaymentPage(record, { merchant: CASHPAY_SANDBOX_MERCHANT, ...context }));
  });

  const answer = (action: 'approve' | 'decline' | 'close') =>
    asyncHandler(async (req, res) => {
      const context = hostedPage(req, res);
      const id = String(req.params.id);
      const record = charges.get(id);
      if (!record) {
        res.status(404).type('html').send(renderMissingCharge(id, context.stylesheet));
        return;
      }
      if (action !== 'close') {
        try {
          await charges.settle(id, action === 'approve' ? 'CAPTURED' : 'FAILED');
        } catch (error) {
          if (!isLipwaError(error) || error.code !== 'illegal_transition') throw error;
          res
            .status(409)
            .set('content-security-policy', paymentPageCsp(record.request.redirectUrl))
            .type('html')
            .send(renderPaymentPage(record, { merchant: CASHPAY_SANDBOX_MERCHANT, ...context }));
          return;
        }
      }
      // Back to the merchant exactly as it asked; its page asks its server, not the URL.
      res.redirect(303, record.request.redirectUrl);
    });
  router.post('/pay/:id/approve', forms, answer('approve'));
  router.post('/pay/:id/decline', forms, answer('decline'));
  router.post('/pay/:id/close', forms, answer('close'));

  router.use(() => {
    throw new CashpayHttpError(404, 'not_found', 'No such endpoint.');
  });
  router.use(cashpayErrorHandler);
  return router;
}
