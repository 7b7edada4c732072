import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens, REFRESH_AHEAD_MS } from './access-token.js';
import { gate, json } from './test-fetch.js';
import { darajaError, oauthReply, sandbox } from './test-payloads.js';
import { setupDaraja } from './test-setup.js';

function setupTokens() {
  const setup = setupDaraja();
  return { ...setup, tokens: createAccessTokens(setup.config) };
}

async function authErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('access tokens', () => {
  it('asks Daraja with Basic base64(key:secret) and the client_credentials grant', async () => {
    const { fake, tokens } = setupTokens();

    const token = await tokens.get();

    const [request] = fake.requestsTo('oauth');
    expect(token).toBe('token-1');
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(
      'https://daraja.test/oauth/v1/generate?grant_type=client_credentials',
    );
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${btoa(`${sandbox.consumerKey}:${sandbox.consumerSecret}`)}`,
    );
  });

  it('reuses the cached token while it is fresh', async () => {
    const { fake, tokens, clock } = setupTokens();

    await tokens.get();
    clock.advance(3599_000 - REFRESH_AHEAD_MS - 1);
    const again = await tokens.get();

    expect(again).toBe('token-1');
    expect(fake.requestsTo('oauth')).toHaveLength(1);
  });

  it('refreshes 60 seconds before the token expires', async () => {
    const { fake, tokens, clock } = setupTokens();

    await tokens.get();
    clock.advance(3599_000 - REFRESH_AHEAD_MS);
    const refreshed = await tokens.get();

    expect(refreshed).toBe('token-2');
    expect(fake.requestsTo('oauth')).toHaveLength(2);
  });

  it('accepts expires_in as a number as well as a string', async () => {
    const { fake, tokens, clock } = setupTokens();
    fake.script('oauth', json(200, oauthReply('numeric', 3600)));

    await tokens.get();
    clock.advance(3600_000 - REFRESH_AHEAD_MS - 1);

    expect(await tokens.get()).toBe('numeric');
    expect(fake.requestsTo('oauth')).toHaveLength(1);
  });

  it('refreshes a short-lived token at half its lifetime rather than never caching it', async () => {
    const { fake, tokens, clock } = setupTokens();
    fake.script('oauth', json(200, oauthReply('short', '60')));

    await tokens.get();
    clock.advance(29_999);
    const cached = await tokens.get();
    clock.advance(1);
    const refreshed = await tokens.get();

    expect([cached, refreshed]).toEqual(['short', 'token-1']);
  });

  it('shares one refresh among concurrent callers', async () => {
    const { fake, tokens } = setupTokens();
    const slow = gate();
    fake.script('oauth', slow.step);

    const callers = [tokens.get(), tokens.get(), tokens.get()];
    slow.open(json(200, oauthReply('shared')));

    expect(await Promise.all(callers)).toEqual(['shared', 'shared', 'shared']);
    expect(fake.requestsTo('oauth')).toHaveLength(1);
  });

  it('fetches a new token after the cached one is invalidated', async () => {
    const { fake, tokens } = setupTokens();

    const first = await tokens.get();
    tokens.invalidate(first);
    const second = await tokens.get();

    expect([first, second]).toEqual(['token-1', 'token-2']);
    expect(fake.requestsTo('oauth')).toHaveLength(2);
  });

  it('ignores invalidation of a token that was already replaced', async () => {
    const { fake, tokens } = setupTokens();

    const stale = await tokens.get();
    tokens.invalidate(stale);
    await tokens.get();
    tokens.invalidate(stale);
    await tokens.get();

    expect(fake.requestsTo('oauth')).toHaveLength(2);
  });

  it('tries again on the next call after a failed refresh', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', json(503, darajaError('503.001.01', 'Service Unavailable')));

    await authErrorOf(tokens.get());

    expect(await tokens.get()).toBe('token-1');
  });

  it.each([
    ['400.008.01', 'Invalid Authentication passed', 400],
    ['400.008.02', 'Invalid grant type passed', 400],
  ])('reports %s as provider_auth_failed, not retryable', async (code, message, status) => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', json(status, darajaError(code, message)));

    const error = await authErrorOf(tokens.get());

    expect(error.code).toBe('provider_auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.details.providerCode).toBe(code);
    expect(error.message).toContain('check consumerKey and consumerSecret');
  });

  it('reports a 5xx from OAuth as provider_auth_failed that may be retried', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', json(500, darajaError('500.003.02', 'Spike arrest violation')));

    const error = await authErrorOf(tokens.get());

    expect(error.code).toBe('provider_auth_failed');
    expect(error.retryable).toBe(true);
    expect(error.ambiguous).toBe(false);
  });

  it('reports a body without access_token as provider_auth_failed', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', { status: 200, text: '<html>proxy login</html>' });

    const error = await authErrorOf(tokens.get());

    expect(error.code).toBe('provider_auth_failed');
    expect(error.message).toContain('without a usable access_token');
  });

  it('reports a network failure as provider_auth_failed that may be retried', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', { kind: 'network-error' });

    const error = await authErrorOf(tokens.get());

    expect(error.code).toBe('provider_auth_failed');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBeInstanceOf(ProviderError);
  });

  it('keeps the consumer key and secret out of every error', async () => {
    const { fake, tokens } = setupTokens();
    fake.script('oauth', json(401, darajaError('400.008.01', 'Invalid Authentication passed')));

    const error = await authErrorOf(tokens.get());

    const visible = `${error.message} ${JSON.stringify(error.details)}`;
    expect(visible).not.toContain(sandbox.consumerSecret);
    expect(visible).not.toContain(sandbox.consumerKey);
    expect(visible).not.toContain(btoa(`${sandbox.consumerKey}:${sandbox.consumerSecret}`));
  });
});
