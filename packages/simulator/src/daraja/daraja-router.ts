/**
 * Daraja's M-Pesa Express endpoints: OAuth, STK push and STK query, with Daraja's checks,
 * envelopes and codes (see daraja.md). Mounted under `/daraja`.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { DarajaEngine } from './daraja-engine.js';
import { DarajaHttpError } from './daraja-error.js';
import { faultMiddleware } from './fault-middleware.js';
import { resultDescription, STILL_PROCESSING } from './result-codes.js';
import { parseStkPushRequest, parseStkQueryRequest } from './stk-request.js';

export function bearerAuth(engine: DarajaEngine): RequestHandler {
  return (req, _res, next) => {
    const match = /^Bearer ([^\s]+)$/.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      throw new DarajaHttpError(404, '404.001.04', 'Invalid Authentication Header');
    }
    if (!engine.tokenIsValid(match[1])) {
      throw new DarajaHttpError(404, '404.001.03', 'Invalid Access Token');
    }
    next();
  };
}

/**
 * Daraja only reads JSON bodies. Without the JSON content type the body is never parsed, so
 * the first required field is "missing": `400.002.02 Bad Request - Invalid BusinessShortCode`.
 */
export function jsonBody(): RequestHandler[] {
  return [
    express.text({ type: () => true, limit: '64kb' }),
    (req, _res, next) => {
      if (!req.is('application/json'))
        throw new DarajaHttpError(400, '400.002.02', 'Bad Request - Invalid BusinessShortCode');
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof req.body === 'string' ? req.body : '');
      } catch {
        throw new DarajaHttpError(400, '400.002.05', 'Invalid JSON payload');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new DarajaHttpError(400, '400.002.05', 'Invalid JSON payload');
      }
      req.body = parsed;
      next();
    },
  ];
}

function basicCredentials(header: string): { key: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const known =
    error instanceof DarajaHttpError
      ? error
      : new DarajaHttpError(500, '500.003.1001', 'Internal Server Error');
  res.status(known.status).json(known.body());
};

export function darajaRouter(engine: DarajaEngine, expiresInAs: 'string' | 'number'): Router {
  const router = express.Router();

  router.get('/oauth/v1/generate', faultMiddleware(engine, 'oauth'), (req, res) => {
    if (req.query.grant_type !== 'client_credentials') {
      throw new DarajaHttpError(400, '400.008.02', 'Invalid grant type passed');
    }
    const header = req.get('authorization') ?? '';
    if (!/^Basic /.test(header)) {
      throw new DarajaHttpError(400, '400.008.01', 'Invalid Authentication passed');
    }
    const credentials = basicCredentials(header);
    if (!credentials || !engine.checkClient(credentials.key, credentials.secret)) {
      throw new DarajaHttpError(400, '400.008.01', 'Invalid consumer key or secret');
    }
    const { accessToken, expiresIn } = engine.issueToken();
    res.json({
      access_token: accessToken,
      expires_in: expiresInAs === 'string' ? String(expiresIn) : expiresIn,
    });
  });

  router.post(
    '/mpesa/stkpush/v1/processrequest',
    faultMiddleware(engine, 'stkpush'),
    bearerAuth(engine),
    ...jsonBody(),
    (req, res) => {
      const request = parseStkPushRequest(req.body as Record<string, unknown>);
      const accepted = engine.stkPush(request);
      res.json({
        MerchantRequestID: accepted.merchantRequestId,
        CheckoutRequestID: accepted.checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      });
    },
  );

  router.post(
    '/mpesa/stkpushquery/v1/query',
    faultMiddleware(engine, 'query'),
    bearerAuth(engine),
    ...jsonBody(),
    (req, res) => {
      const request = parseStkQueryRequest(req.body as Record<string, unknown>);
      const answer = engine.stkQuery(request);
      if (!answer.settled && engine.config.pendingQuery === 'error') {
        throw new DarajaHttpError(500, '500.001.1001', 'The transaction is being processed');
      }
      const { merchantRequestId, checkoutRequestId } = answer.settled ? answer.settlement : answer;
      const resultCode = answer.settled ? answer.settlement.resultCode : STILL_PROCESSING;
      res.json({
        ResponseCode: '0',
        // (sic): Daraja's spelling, kept exactly.
        ResponseDescription: 'The service request has been accepted successsfully',
        MerchantRequestID: merchantRequestId,
        CheckoutRequestID: checkoutRequestId,
        // Always text here, unlike callbacks.
        ResultCode: resultCode,
        ResultDesc: answer.settled ? answer.settlement.resultDesc : resultDescription(resultCode),
      });
    },
  );

  router.use((_req, _res) => {
    throw new DarajaHttpError(404, '404.001.01', 'Resource not found');
  });
  router.use(errorHandler);
  return router;
}
