/**
 * Access to the payment-apps gateway: API tokens and their abilities, and the rate limit per
 * token.
 */
import { describe, expect, it } from 'vitest';
import {
  base,
  bearer,
  get,
  post,
  requestBody,
  START,
  sim,
  startSimulatorForEachTest,
} from './test-payment-apps-simulator.js';

startSimulatorForEachTest();

describe('API tokens and abilities', () => {
  async function createToken(body: Record<string, unknown>) {
    const response = await post('/account/tokens', body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { data: { id: number; token: string } }).data;
  }

  it('creates a token shown once as {id}|{40 characters}, which then authenticates', async () => {
    const created = await createToken({ name: 'shop', abilities: ['payments:read'] });
    const test = await post('/account/tokens/test', {}, bearer(created.token));

    expect(created.token).toMatch(/^\d+\|[A-Za-z0-9]{40}$/);
    expect(await test.json()).toMatchObject({
      data: { id: created.id, name: 'shop', abilities: ['payments:read'] },
      message: 'Token is valid',
    });
    const listed = await (await get('/account/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(created.token.split('|')[1]);
  });

  it('refuses requestPayment with 403 to a token without payments:write', async () => {
    const readOnly = await createToken({ name: 'reader', abilities: ['payments:read'] });

    const response = await post(
      '/pay/1/requestPayment',
      requestBody('254711000000'),
      bearer(readOnly.token),
    );

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ success: false, error: 'Invalid ability provided.' });
  });

  it('stops accepting a token at its expires_at, on simulated time', async () => {
    const expiring = await createToken({
      name: 'hour',
      abilities: ['*'],
      expires_at: new Date(START + 3_600_000).toISOString(),
    });
    const before = await post('/account/tokens/test', {}, bearer(expiring.token));

    await sim.control.advance(3_600_000);
    const after = await post('/account/tokens/test', {}, bearer(expiring.token));

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('stops accepting a revoked token', async () => {
    const created = await createToken({ name: 'temp' });

    const revoked = await fetch(`${base()}/account/tokens/${created.id}`, {
      method: 'DELETE',
      headers: bearer(),
    });
    const after = await post('/account/tokens/test', {}, bearer(created.token));

    expect(revoked.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('will not let a token mint a stronger one', async () => {
    const reader = await createToken({ name: 'reader', abilities: ['payments:read'] });

    const response = await post(
      '/account/tokens',
      { name: 'escalate', abilities: ['payments:write'] },
      bearer(reader.token),
    );

    expect(response.status).toBe(403);
  });
});

describe('rate limit: 200 requests a minute per token', () => {
  it('answers the 201st request in a minute with 429 and Retry-After, then lets requests through again', async () => {
    for (let batch = 0; batch < 4; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => get('/pay/apps')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    }
    const limited = await get('/pay/apps');
    await sim.control.advance(60_000);
    const again = await get('/pay/apps');

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toEqual({ success: false, error: 'Too Many Attempts.' });
    expect(again.status).toBe(200);
  });
});
