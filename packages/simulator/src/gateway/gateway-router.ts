/**
 * The Payment Gateway v5.7.2 endpoints under `/gateway`: `POST /{public_id}/payment_c2b` and
 * `POST /{public_id}/status`, JSON in and out, no auth header. Every request is authenticated
 * by its signature (a mismatch answers result code 10201 MERCHANT AUTHENTICATION ERROR) before
 * any field is read. Errors use the gateway's envelope `{ "result": { "code", "message" } }`.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { asyncHandler } from '../async-handler.js';
import type { FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import { createDeposits } from './gateway-deposits.js';
import { authenticationError, GatewayHttpError, invalidRequest } from './gateway-error.js';
import { createGatewayOrders } from './gateway-orders.js';
import { createPaybill } from './gateway-paybill.js';
import { createMoneyOut } from './gateway-payouts.js';
import {
  checkPaymentB2c,
  checkPaymentC2b,
  checkPos,
  parseRequest,
  paybillPaymentSchema,
  paybillUrlsSchema,
  paymentB2cSchema,
  paymentC2bSchema,
  posDepositSchema,
  posWithdrawalSchema,
  statusRequestSchema,
} from './gateway-request.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { gatewaySignatureValid } from './gateway-signature.js';

/**
 * Applies a queued `gateway` fault before the endpoint runs: `http` answers the envelope with
 * the fault's status (429 adds `Retry-After`), `hang` never answers, `delay` waits simulated time.
 */
function faultMiddleware(kit: SimulatorKit, operation: FaultOperation): RequestHandler {
  return asyncHandler(async (_req, _res, next) => {
    const fault = kit.takeFault(operation, 'gateway');
    if (fault?.kind === 'http') {
      // The gateway's codes are integers: a Daraja-style errorCode falls back to the HTTP status.
      const code = /^-?\d+$/.test(fault.errorCode) ? Number(fault.errorCode) : fault.status;
      const headers: Record<string, string> =
        fault.status === 429
          ? { 'Retry-After': String(Math.max(1, Math.ceil(fault.delayMs / 1000))) }
          : {};
      throw new GatewayHttpError(fault.status, code, fault.errorMessage, headers);
    }
    if (fault?.kind === 'hang') await new Promise<never>(() => {});
    if (fault?.kind === 'delay') await kit.wait(fault.delayMs);
    next();
  });
}

/** The body as a JSON object, keys in the order sent (the signature depends on it). */
function jsonBody(): RequestHandler[] {
  return [
    express.text({ type: () => true, limit: '64kb' }),
    (req, _res, next) => {
      if (!req.is('application/json')) throw invalidRequest('expected application/json');
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof req.body === 'string' ? req.body : '');
      } catch {
        throw invalidRequest('invalid JSON');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw invalidRequest('invalid JSON');
      }
      req.body = parsed;
      next();
    },
  ];
}

/** The public id in the path and the merchant id in the body must be the merchant's, and the signature theirs. */
const authenticate: RequestHandler = (req, _res, next) => {
  const body = req.body as Record<string, unknown>;
  const known =
    req.params.publicId === gatewaySandbox.publicId &&
    body.merchant_id === gatewaySandbox.merchantId;
  // The signature is always checked, so timing does not tell which part was wrong.
  const signed = gatewaySignatureValid(body, gatewaySandbox.secretKey);
  if (!known || !signed) throw authenticationError();
  next();
};

const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const bodyError =
    typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
  const known =
    error instanceof GatewayHttpError
      ? error
      : bodyError
        ? invalidRequest('unreadable body')
        : new GatewayHttpError(500, 500, 'INTERNAL ERROR');
  res.status(known.status).set(known.headers).json(known.body());
};

export function gatewayRouter(kit: SimulatorKit): Router {
  const orders = createGatewayOrders(kit);
  const paybill = createPaybill(kit);
  const moneyOut = createMoneyOut(kit, { notificationUrl: paybill.callbackUrl });
  const deposits = createDeposits(kit, paybill.callbackUrl);
  kit.onReset(() => {
    orders.reset();
    moneyOut.reset();
    deposits.reset();
    paybill.reset();
  });
  const router = express.Router();

  /** One order id names one operation: reusing it for another kind is refused (assumed). */
  function refuseReuse(merchantId: string, orderId: string, kind: 'c2b' | 'out' | 'deposit') {
    const taken =
      (kind !== 'c2b' && orders.has(merchantId, orderId)) ||
      (kind !== 'out' && moneyOut.has(merchantId, orderId)) ||
      (kind !== 'deposit' && deposits.has(merchantId, orderId));
    if (taken) throw invalidRequest('order_id already used');
  }

  router.post(
    '/:publicId/payment_c2b',
    faultMiddleware(kit, 'stkpush'),
    ...jsonBody(),
    authenticate,
    (req, res) => {
      const request = checkPaymentC2b(parseRequest(paymentC2bSchema, req.body));
      refuseReuse(request.merchant_id, request.order_id, 'c2b');
      res.json(orders.pay(request));
    },
  );
  router.post(
    '/:publicId/payment_b2c',
    faultMiddleware(kit, 'payout'),
    ...jsonBody(),
    authenticate,
    (req, res) => {
      const request = checkPaymentB2c(parseRequest(paymentB2cSchema, req.body));
      refuseReuse(request.merchant_id, request.order_id, 'out');
      res.json(moneyOut.handle('payout', request));
    },
  );
  router.post(
    '/:publicId/withdrawal',
    faultMiddleware(kit, 'pos'),
    ...jsonBody(),
    authenticate,
    (req, res) => {
      const request = checkPos(parseRequest(posWithdrawalSchema, req.body));
      refuseReuse(request.merchant_id, request.order_id, 'out');
      res.json(moneyOut.handle('withdrawal', request));
    },
  );
  router.post(
    '/:publicId/deposit',
    faultMiddleware(kit, 'pos'),
    ...jsonBody(),
    authenticate,
    (req, res) => {
      const request = checkPos(parseRequest(posDepositSchema, req.body));
      refuseReuse(request.merchant_id, request.order_id, 'deposit');
      res.json(deposits.deposit(request));
    },
  );

  router.post(
    '/:publicId/status',
    faultMiddleware(kit, 'query'),
    ...jsonBody(),
    authenticate,
    (req, res) => {
      const { merchant_id: merchantId, order_id: orderId } = parseRequest(
        statusRequestSchema,
        req.body,
      );
      const other =
        moneyOut.statusOf(merchantId, orderId) ??
        deposits.statusOf(merchantId, orderId) ??
        paybill.statusOf(merchantId, orderId);
      res.json(other ?? orders.status(merchantId, orderId));
    },
  );

  // Sandbox only (the gateway has no API for these): the URLs the merchant gives the gateway's
  // tech team, and a customer paying the paybill from the M-Pesa menu.
  router.put('/_sandbox/:publicId/paybill', express.json({ limit: '16kb' }), (req, res) => {
    if (req.params.publicId !== gatewaySandbox.publicId) throw authenticationError();
    const urls = parseRequest(paybillUrlsSchema, req.body);
    paybill.register({ callbackUrl: urls.callback_url, validationUrl: urls.validation_url });
    res.status(204).end();
  });
  router.post('/_sandbox/:publicId/paybill/pay', express.json({ limit: '16kb' }), (req, res) => {
    if (req.params.publicId !== gatewaySandbox.publicId) throw authenticationError();
    const payment = parseRequest(paybillPaymentSchema, req.body);
    const { orderId } = paybill.pay({
      customerId: payment.customer_id,
      billRefNumber: payment.bill_ref_number,
      amount: payment.amount,
      firstName: payment.first_name,
    });
    res.status(202).json({ order_id: orderId });
  });
  router.use(() => {
    throw new GatewayHttpError(404, 4, 'INVALID REQUEST: unknown method');
  });
  router.use(errorHandler);
  return router;
}
