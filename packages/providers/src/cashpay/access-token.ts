/**
 * CashPay bearer tokens (client credentials, valid 55 minutes as documented): cached, refreshed
 * ahead of expiry by the injected clock, one refresh in flight at a time (callers share it).
 */
import { ProviderError } from '@lipwa/core';
import { z } from 'zod';
import { base64Utf8 } from '../daraja/base64.js';
import { exchange } from './cashpay-http.js';
import type { CashpayConfig } from './cashpay-options.js';
import { providerErrorFrom } from './errors.js';

export const TOKEN_PATH = '/oauth/token';
/** The documented lifetime, used when the token answer carries no `expires_in`. */
export const TOKEN_LIFETIME_MS = 55 * 60 * 1000;
/** Refresh this long before the token expires (capped at half a short lifetime). */
export const REFRESH_AHEAD_MS = 60_000;

export interface AccessTokens {
  /** A valid token, from the cache or freshly fetched. Throws `ProviderError`. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (CashPay called it invalid). */
  invalidate(token: string): void;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  token_type: z
    .string()
    .refine((type) => type.toLowerCase() === 'bearer')
    .optional(),
  expires_in: z
    .union([z.number().positive(), z.string().regex(/^\d+$/).transform(Number)])
    .optional(),
});

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

export function createAccessTokens(config: CashpayConfig): AccessTokens {
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const startedAt = config.clock.now();
    const reply = await exchange(config, {
      operation: 'token',
      method: 'POST',
      path: TOKEN_PATH,
      headers: {
        Authorization: `Basic ${base64Utf8(`${config.clientId}:${config.clientSecret}`)}`,
      },
      form: { grant_type: 'client_credentials' },
    }).catch((error: unknown) => {
      // No token means no charge was attempted: never ambiguous.
      if (error instanceof ProviderError) {
        throw new ProviderError(
          'provider_auth_failed',
          `Could not get a CashPay access token: ${error.message}`,
          { cause: error, retryable: error.retryable, ambiguous: false },
        );
      }
      throw error;
    });
    if (!reply.ok) {
      const error = providerErrorFrom(reply.failure, 'token');
      // Whatever went wrong, nothing was charged; keep the retry hints.
      throw new ProviderError('provider_auth_failed', error.message, {
        retryable: error.retryable,
        ambiguous: false,
        providerCode: error.providerCode,
        retryAfterMs: error.retryAfterMs,
        details: { httpStatus: reply.failure.httpStatus },
      });
    }
    const parsed = tokenAnswerSchema.safeParse(reply.body);
    if (!parsed.success) {
      // The answer may hold a token: describe it by its keys only.
      const keys =
        typeof reply.body === 'object' && reply.body !== null ? Object.keys(reply.body) : [];
      throw new ProviderError(
        'provider_auth_failed',
        'CashPay answered the token request without a usable bearer access_token: check that baseUrl points at CashPay.',
        { retryable: true, ambiguous: false, details: { httpStatus: reply.httpStatus, keys } },
      );
    }
    const lifetimeMs =
      parsed.data.expires_in === undefined ? TOKEN_LIFETIME_MS : parsed.data.expires_in * 1000;
    cached = {
      value: parsed.data.access_token,
      refreshAt: startedAt + lifetimeMs - Math.min(REFRESH_AHEAD_MS, lifetimeMs / 2),
    };
    return parsed.data.access_token;
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
