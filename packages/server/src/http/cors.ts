/**
 * CORS for the widget's origins only. A request whose Origin is present but not allowed is
 * refused outright (403 origin_not_allowed) instead of being answered without CORS headers.
 */
import { SessionError } from '@lipwa/core';
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

export function corsMiddleware(allowedOrigins: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) {
      next();
      return;
    }
    if (!allowedOrigins.has(origin)) {
      next(
        new SessionError(
          'origin_not_allowed',
          `Requests from ${origin} are not allowed; add it to allowedOrigins in createLipwa.`,
        ),
      );
      return;
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
