/**
 * Cashfin's Business API, mounted under `/cashfin`: the mobile payment request with the bare
 * client secret in `Authorization`, Cashfin's envelopes and status codes, rate-limit headers on
 * every answer, and queued faults for `provider: 'cashfin'` (`stkpush` is the payment request and
 * the shop order checkout; `query` the invoice, subscription and payment-link reads; `api` their
 * writes; Cashfin has no token endpoint, so `oauth` faults never apply here). The invoice,
 * subscription, payment-link and order endpoints live in `business-router.ts`.
 */
import express, { type ErrorRequestHandler, type Response, type Router } from 'express';
import type { SimulatorKit } from '../kit.js';
import { mountCashfinBusiness } from './business-router.js';
import { CashfinHttpError, errorForStatus, internalError, notFound } from './cashfin-error.js';
import { clientSecretAuth, faults, jsonBody, rateLimit } from './cashfin-middleware.js';
import { createCashfinPayments } from './cashfin-payments.js';
import { parseMobilePaymentRequest } from './payment-request.js';
import type { RateWindow } from './rate-limiter.js';

export const MOBILE_PAYMENT_PATH = '/business/payments/mobile/request';

export interface CashfinRouterOptions {
  /** Rate-limit windows; default the Professional plan's minute and day limits. */
  readonly rateWindows?: readonly RateWindow[];
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

  mountCashfinBusiness(router, kit, payments);

  router.use((req, _res) => {
    throw notFound(req.method, req.path);
  });
  router.use(errorHandler);
  return router;
}
