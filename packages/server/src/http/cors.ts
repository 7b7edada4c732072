/**
 * CORS for the widget's origins only, and `Cache-Control: no-store` on every browser answer (they
 * carry session tokens and payments: no shared or browser cache may keep them). A request whose
 * Origin is present but not allowed is refused outright (403 origin_not_allowed) instead of
 * being answered without CORS headers. One middleware for both, so a status read passes one
 * router layer for them instead of two (issue 10).
 */
import { SessionError } from '@lipwa/core';
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

export function browserAnswers(allowedOrigins: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) {
        next(
          new SessionError(
            'origin_not_allowed',
            `Requests from ${origin} are not allowed; add it to allowedOrigins in createLipwa.`,
          ),
        );
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
