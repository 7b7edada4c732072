/** CashPay tokens over real HTTP: POST /cashpay/oauth/token. */
import { describe, expect, it } from 'vitest';
import { cashpaySandbox } from './sandbox.js';
import { basic, startSimulatorForEachTest, tokenRequest } from './test-cashpay-simulator.js';

startSimulatorForEachTest();

describe('CashPay tokens: POST /cashpay/oauth/token', () => {
  it('issues a bearer token valid for the documented 55 minutes to the sandbox client', async () => {
    const response = await tokenRequest(
      basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^cpt_[\w-]{32}$/),
      token_type: 'Bearer',
      expires_in: 3300,
    });
  });

  it('also takes the client credentials in the form body', async () => {
    const response = await tokenRequest(
      undefined,
      `grant_type=client_credentials&client_id=${cashpaySandbox.clientId}&client_secret=${cashpaySandbox.clientSecret}`,
    );

    expect(response.status).toBe(200);
  });

  it('refuses wrong client credentials with 401 invalid_client, never echoing them', async () => {
    const response = await tokenRequest(basic(cashpaySandbox.clientId, 'not-the-secret'));
    const text = await response.text();

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="cashpay"');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'invalid_client', message: 'Client authentication failed.' },
    });
    expect(text).not.toContain('not-the-secret');
  });

  it('refuses any grant but client_credentials', async () => {
    const response = await tokenRequest(
      basic(cashpaySandbox.clientId, cashpaySandbox.clientSecret),
      'grant_type=password',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_grant_type' } });
  });
});
