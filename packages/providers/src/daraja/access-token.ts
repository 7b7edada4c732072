/**
 * Daraja OAuth access tokens: fetched with the app's key and secret, cached, refreshed ahead of
 * expiry by the injected clock, with one refresh in flight at a time (callers share it).
 */
import { ProviderError } from '@lipwa/core';
import { base64Utf8 } from './base64.js';
import { exchange } from './daraja-http.js';
import type { DarajaConfig } from './daraja-options.js';

/** Refresh this long before Daraja says the token expires (capped at half a short lifetime). */
export const REFRESH_AHEAD_MS = 60_000;

export interface AccessTokens {
  /** A valid token, from the cache or freshly fetched. Throws `provider_auth_failed`. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (Daraja called it invalid). */
  invalidate(token: string): void;
}

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

function parseExpiresIn(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : undefined;
}

export function createAccessTokens(config: DarajaConfig): AccessTokens {
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const startedAt = config.clock.now();
    const reply = await exchange(config, {
      operation: 'oauth',
      method: 'GET',
      path: '/oauth/v1/generate?grant_type=client_credentials',
      headers: {
        Authorization: `Basic ${base64Utf8(`${config.consumerKey}:${config.consumerSecret}`)}`,
      },
    }).catch((error: unknown) => {
      // Re-label network and timeout failures: no token means no push was attempted.
      if (error instanceof ProviderError) {
        throw new ProviderError(
          'provider_auth_failed',
          `Could not get a Daraja access token: ${error.message}`,
          {
            cause: error,
            details: { retryable: true, ambiguous: false },
          },
        );
      }
      throw error;
    });
    if (!reply.ok) {
      const { httpStatus, errorCode, errorMessage, requestId } = reply.failure;
      const retryable = httpStatus === 429 || httpStatus >= 500;
      const said = [errorCode, errorMessage].filter(Boolean).join(' ') || `HTTP ${httpStatus}`;
      throw new ProviderError(
        'provider_auth_failed',
        `Daraja refused to issue an access token (${said}): ${
          retryable
            ? 'the OAuth service is unavailable, try again shortly.'
            : `check consumerKey and consumerSecret for the ${config.environment} app.`
        }`,
        {
          details: {
            providerCode: errorCode ?? String(httpStatus),
            httpStatus,
            ...(requestId === undefined ? {} : { requestId }),
            retryable,
            ambiguous: false,
          },
        },
      );
    }
    const token = reply.body.access_token;
    const expiresIn = parseExpiresIn(reply.body.expires_in);
    if (typeof token !== 'string' || token === '' || expiresIn === undefined) {
      throw new ProviderError(
        'provider_auth_failed',
        'Daraja answered the OAuth request without a usable access_token and expires_in: check baseUrl points at Daraja.',
        { details: { httpStatus: reply.httpStatus, retryable: true, ambiguous: false } },
      );
    }
    const lifetimeMs = expiresIn * 1000;
    cached = {
      value: token,
      refreshAt: startedAt + lifetimeMs - Math.min(REFRESH_AHEAD_MS, lifetimeMs / 2),
    };
    return token;
  }

  return {
    get() {
      if (cached && config.clock.now() < cached.refreshAt) return Promise.resolve(cached.value);
      if (!inFlight) {
        inFlight = fetchToken().finally(() => {
          inFlight = undefined;
        });
      }
      return inFlight;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}
