import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens, TOKEN_LIFETIME_MS } from './access-token.js';
import { cashpayError, gate, json } from './test-fetch.js';
import { credentials, setupCashpay } from './test-setup.js';

const MINUTE = 60_000;

function setupTokens() {
  const setup = setupCashpay();
  return { ...setup, tokens: createAccessTokens(setup.config) };
}

describe('CashPay access tokens', () => {
  it('asks for a client-credentials token with HTTP Basic and a form body', async () => {
    const { fake, tokens } = setupTokens();

    const token = await tokens.get();

    const [request] = fake.requestsTo('token');
    expect(token).toBe('token-1');
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
    );
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe('grant_type=client_credentials');
  });

  it('reuses the token until a minute before its 55 minutes run out, then refreshes', async () => {
    const { fake, tokens, clock } = setupTokens();
    await tokens.get();

    clock.advance(54 * MINUTE - 1);
    const cached = await tokens.get();
    clock.advance(1);
    const refreshed = await tokens.get();

    expect(cached).toBe('token-1');
    expect(refreshed).toBe('token-2');
    expect(fake.requestsTo('token')).toHaveLength(2);
  });

  it('assumes the documented 55 minutes when the answer has no expires_in', async () => {
    const { fake, tokens, clock } = setupTokens();
    fake.script('token', json(200, { access_token: 'no-expiry', token_type: 'bearer' }));
    await tokens.get();

    clock.advance(TOKEN_LIFETIME_MS - MINUTE - 1);

    expect(await tokens.get()).toBe('no-expiry');
  });

  it('honours a shorter expires_in, sent as a number or as digits', async () => {
    const { fake, tokens, clock } = setupTokens();
    fake.script('token', json(200, { access_token: 'short', expires_in: '600' }));
    await tokens.get();

    clock.advance(9 * MINUTE - 1);
    const cached = await tokens.get();
    clock.advance(1);

    expect(cached).toBe('short');
    expect(await tokens.get()).toBe('token-1');
  });

  it('shares one refresh among concurrent callers', async () => {
    const { fake, tokens } = setupTokens();
    const held = gate();
    fake.script('token', held.step);

    const all = Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    held.open(json(200, { access_token: 'shared', expires_in: 3300 }));

    expect(await all).toEqual(['shared', 'shared', 'shared']);
    expect(fake.requestsTo('token')).toHaveLength(1);
  });

  it('fetches a new token after the cached one is invalidated', async () => {
    const { tokens } = setupTokens();
    const first = await tokens.get();

    tokens.invalidate(first);

    expect(await tokens.get()).toBe('token-2');
  });

  it('reports refused credentials as provider_auth_failed, not retryable, without the secret', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('token', cashpayError(401, 'invalid_client', 'Client authentication failed.'));

    const error = await tokens.get().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_auth_failed',
      retryable: false,
      ambiguous: false,
      providerCode: 'invalid_client',
    });
    expect(String((error as Error).message)).toContain('check clientId and clientSecret');
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain(credentials.clientSecret);
  });

  it('reads an RFC 6749 error answer too', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('token', json(400, { error: 'invalid_grant', error_description: 'Nope.' }));

    await expect(tokens.get()).rejects.toMatchObject({
      code: 'provider_auth_failed',
      providerCode: 'invalid_grant',
    });
  });

  it('reports an unavailable token service as retryable, with the wait a 429 asks for', async () => {
    const { fake, tokens } = setupTokens();
    fake.script(
      'token',
      json(503, { error: { code: 'service_unavailable' } }),
      json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '20' }),
    );

    const unavailable = await tokens.get().catch((e: unknown) => e);
    const limited = await tokens.get().catch((e: unknown) => e);

    expect(unavailable).toMatchObject({ code: 'provider_auth_failed', retryable: true });
    expect(limited).toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
      retryAfterMs: 20_000,
    });
  });

  it('never puts a token from a malformed answer into the error', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('token', json(200, { access_token: 'leaked-token', token_type: 'mac' }));

    const error = (await tokens.get().catch((e: unknown) => e)) as ProviderError;

    expect(error).toMatchObject({ code: 'provider_auth_failed', retryable: true });
    expect(error.details.keys).toEqual(['access_token', 'token_type']);
    expect(JSON.stringify(error.details) + error.message).not.toContain('leaked-token');
  });

  it('reports a network failure as retryable and never ambiguous', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('token', { kind: 'network-error' });

    await expect(tokens.get()).rejects.toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
      ambiguous: false,
    });
  });
});
