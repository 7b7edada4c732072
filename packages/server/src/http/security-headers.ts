/**
 * Security headers on every answer the router gives, set by the kit itself so a merchant's app
 * does not have to remember them. helmet (the standard Express middleware) decides them; the
 * policy is the strictest an API answering JSON, text and event streams can take.
 *
 * helmet runs once, at construction, against a recorder: its headers do not depend on the
 * request, so every answer gets the same list replayed in one loop instead of helmet's chain of
 * a dozen middleware calls per request (part of the status read's cost, issue 10).
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** `Strict-Transport-Security`, off unless asked for: only the merchant knows its site is all HTTPS. */
export interface HstsSettings {
  readonly maxAgeSeconds: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export interface SecurityHeaderList {
  readonly set: readonly (readonly [name: string, value: string])[];
  readonly removed: readonly string[];
}

function helmetFor(hsts: HstsSettings | false): RequestHandler {
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

/** The headers helmet sets and removes for this policy, recorded from one call. */
export function securityHeaderList(hsts: HstsSettings | false): SecurityHeaderList {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let failure: unknown;
  let done = false;
  helmetFor(hsts)({} as never, recorder as never, (error?: unknown) => {
    failure = error;
    done = true;
  });
  // helmet is synchronous for a fixed policy; anything else would make the replay wrong.
  if (!done || failure !== undefined) {
    throw new Error('helmet did not finish synchronously: cannot precompute security headers');
  }
  return { set, removed };
}

export function securityHeaders(hsts: HstsSettings | false): RequestHandler {
  const { set, removed } = securityHeaderList(hsts);
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
