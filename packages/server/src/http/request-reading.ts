/**
 * What the router reads from a request: the session token, a provider callback as the kit's
 * `CallbackRequest`, and paths safe to log. Plain functions of the request, no kit state.
 */
import { LipwaError, SessionError } from '@lipwa/core';
import type { Request } from 'express';
import type { CallbackRequest } from '../payments/callback-handler.js';

export function bearer(req: Request): string {
  const header = req.get('authorization');
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new SessionError(
      'invalid_session',
      'No session token: send it as "Authorization: Bearer <token>".',
    );
  }
  return match[1];
}

function headersOf(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function callbackRequest(req: Request): CallbackRequest {
  return {
    method: req.method,
    headers: headersOf(req),
    rawBody: typeof req.body === 'string' ? req.body : '',
    query: queryOf(req),
    // req.ip honours Express `trust proxy`: behind a proxy the socket is the proxy's.
    remoteAddress: req.ip,
  };
}

function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value === 'string') query[name] = value;
  }
  return query;
}

/** Callback paths carry a secret token: never log it. */
export function safePath(req: Request): string {
  return `${req.baseUrl}${req.path}`.replace(
    /(\/(?:callbacks\/[^/]+|c2b\/[^/]+\/[^/]+|(?:refunds|payouts)\/[^/]+\/[^/]+)\/)[^/]+/,
    '$1•••',
  );
}

/** A path Express could not percent-decode is the client's mistake: 400, not a logged 500. */
export function malformedPath(error: unknown): LipwaError | undefined {
  if (!(error instanceof URIError)) return undefined;
  return new LipwaError('invalid_request', 'The request path is not valid percent-encoding.');
}
