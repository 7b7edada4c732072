/**
 * Security headers on every answer the router gives, set by the kit itself so a merchant's app
 * does not have to remember them. helmet (the standard Express middleware) writes them; the
 * policy is the strictest an API answering JSON, text and event streams can take.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** `Strict-Transport-Security`, off unless asked for: only the merchant knows its site is all HTTPS. */
export interface HstsSettings {
  readonly maxAgeSeconds: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export function securityHeaders(hsts: HstsSettings | false): RequestHandler {
  return helmet({
    // Nothing the router answers is a page: no scripts, no frames, no embedding.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: hsts
      ? {
          maxAge: hsts.maxAgeSeconds,
          includeSubDomains: hsts.includeSubDomains,
          preload: hsts.preload,
        }
      : false,
  });
}
