/**
 * The payment-apps gateway's HTTP API (salami-payment-apps-transactions.txt, payment-apps.md):
 * Sanctum bearer tokens with abilities, 200 requests a minute per token, `requestPayment` and
 * `checkPaymentRequestStatus` for M-Pesa Express, transaction records, the account token
 * endpoints, and the gateway's envelopes (`{data, status, message}` on success,
 * `{success: false, error, errors?}` on failure). Mounted under `/payment-apps`. The other
 * transaction operations (payouts, airtime, reversal, balance, queries, SMS, simulation,
 * instructions) live in `operations-router.ts`.
 */
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { SimulatorKit } from '../kit.js';
import { type ApiToken, tokenCan, tokenView } from './api-tokens.js';
import { GatewayHttpError } from './gateway-error.js';
import { laravelPage } from './laravel-page.js';
import { parsePaging } from './operation-requests.js';
import { mountPaymentAppsOperations } from './operations-router.js';
import { stillProcessing } from './outcome-codes.js';
import { createPaymentAppsGateway, type PaymentAppsGateway } from './payment-apps-gateway.js';
import {
  ability,
  authenticated,
  body,
  faults,
  fields,
  tokenOf,
} from './payment-apps-middleware.js';
import { parsePaymentRequest } from './request-payment.js';
import { transactionRecord } from './transaction-record.js';

function parseExpiry(value: unknown, now: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(at) || at <= now) {
    throw new GatewayHttpError(422, 'The expires at field must be a date after now.', {
      expires_at: ['The expires at field must be a date after now.'],
    });
  }
  return at;
}

function parseAbilities(value: unknown, owner: ApiToken): string[] {
  if (value === undefined || value === null) return ['*'];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new GatewayHttpError(422, 'The abilities field must be an array.', {
      abilities: ['The abilities field must be an array.'],
    });
  }
  // A token cannot mint a token stronger than itself.
  if (!value.every((item) => tokenCan(owner, item))) {
    throw new GatewayHttpError(403, 'Invalid ability provided.');
  }
  return value;
}

const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const known =
    error instanceof GatewayHttpError ? error : new GatewayHttpError(500, 'Server Error');
  res.status(known.status).set(known.headers).json(known.body());
};

export function paymentAppsRouter(
  kit: SimulatorKit,
  /** Shared with the virtual phone's Paybill form when given. */
  gateway: PaymentAppsGateway = createPaymentAppsGateway(kit),
): Router {
  const router = express.Router();
  const auth = authenticated(gateway);

  router.post('/api/account/tokens', faults(kit, 'oauth'), auth, ...body(), (req, res) => {
    const owner = tokenOf(res);
    const { name } = fields(req);
    if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
      throw new GatewayHttpError(422, 'The name field is required.', {
        name: ['The name field is required.'],
      });
    }
    const abilities = parseAbilities(fields(req).abilities, owner);
    const expiresAt = parseExpiry(fields(req).expires_at, kit.now());
    const created = gateway.createToken(owner, { name, abilities, expiresAt });
    kit.log(`payment-apps token ${created.token.id} created (${abilities.join(', ')})`);
    res.status(201).json({
      data: { ...tokenView(created.token), token: created.plainText },
      status: 'success',
      message: 'Token created successfully',
    });
  });
  router.get('/api/account/tokens', faults(kit, 'oauth'), auth, (_req, res) => {
    res.json({ data: gateway.listTokens(tokenOf(res)).map(tokenView), status: 'success' });
  });
  router.post('/api/account/tokens/test', faults(kit, 'oauth'), auth, (_req, res) => {
    res.json({ data: tokenView(tokenOf(res)), status: 'success', message: 'Token is valid' });
  });
  router.delete('/api/account/tokens/:id', faults(kit, 'oauth'), auth, (req, res) => {
    gateway.revokeToken(tokenOf(res), String(req.params.id));
    res.json({ status: 'success', message: 'Token revoked' });
  });

  router.get(
    '/api/pay/apps',
    faults(kit, 'query'),
    auth,
    ability(gateway, 'payments:read'),
    (req, res) => {
      const paging = parsePaging(req.query);
      const apps = gateway.apps(tokenOf(res)).map((app) => ({
        id: app.id,
        name: app.name,
        type: app.type,
        is_live: app.isLive,
        dedicated: true,
        parent_app_id: null,
        created_by: app.ownerId,
        updated_by: app.ownerId,
        created_at: app.createdAt,
        updated_at: app.createdAt,
      }));
      res.json({ data: laravelPage(apps, paging) });
    },
  );

  router.post(
    '/api/pay/:app/requestPayment',
    faults(kit, 'stkpush'),
    auth,
    ability(gateway, 'payments:write'),
    ...body(),
    (req, res) => {
      const app = gateway.app(tokenOf(res), String(req.params.app));
      const transaction = gateway.requestPayment(app, parsePaymentRequest(fields(req)));
      res.json({
        data: {
          // The Salami id of the transaction record the request created (see the README).
          id: transaction.id,
          MerchantRequestID: transaction.merchantRequestId,
          CheckoutRequestID: transaction.checkoutRequestId,
          ResponseCode: '0',
          ResponseDescription: 'Success. Request accepted for processing',
          CustomerMessage: 'Success. Request accepted for processing',
        },
        status: 'success',
        message: 'Payment request initiated',
      });
    },
  );

  router.get(
    '/api/pay/:app/checkPaymentRequestStatus/:transaction',
    faults(kit, 'query'),
    auth,
    ability(gateway, 'payments:read'),
    (req, res) => {
      const app = gateway.app(tokenOf(res), String(req.params.app));
      const transaction = gateway.transaction(app, String(req.params.transaction));
      // Only an M-Pesa Express transaction began as a payment request.
      if (transaction.checkoutRequestId === undefined) {
        throw new GatewayHttpError(404, 'Payment request not found.');
      }
      const result = transaction.result ?? stillProcessing;
      res.json({
        data: {
          ResponseCode: '0',
          ResponseDescription: 'The service request has been accepted successfully',
          MerchantRequestID: transaction.merchantRequestId,
          CheckoutRequestID: transaction.checkoutRequestId,
          // A string here, unlike the number in Daraja's callbacks (payment-apps.md).
          ResultCode: String(result.resultCode),
          ResultDesc: result.resultDesc,
        },
        status: 'success',
      });
    },
  );

  router.get(
    '/api/pay/:app/transaction/:transactionId',
    faults(kit, 'query'),
    auth,
    ability(gateway, 'payments:read'),
    (req, res) => {
      const app = gateway.app(tokenOf(res), String(req.params.app));
      const transaction = gateway.transaction(app, String(req.params.transactionId));
      res.json({ data: transactionRecord(transaction) });
    },
  );

  mountPaymentAppsOperations(router, kit, gateway);

  router.use((req, _res) => {
    throw new GatewayHttpError(404, `Not found: ${req.method} ${req.path} is no gateway endpoint.`);
  });
  router.use(errorHandler);
  return router;
}
