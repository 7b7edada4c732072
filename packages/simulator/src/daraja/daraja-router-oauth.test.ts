/**
 * The simulator's Daraja OAuth over real HTTP (GET /oauth/v1/generate): the tokens it issues and
 * the requests it refuses.
 */
import { describe, expect, it } from 'vitest';
import { startDarajaFixture } from '../test-daraja-client.js';
import { darajaSandbox } from './sandbox.js';
import { basic, envelope, fx, oauth, startFixtureForEachTest } from './test-daraja-router-setup.js';

startFixtureForEachTest();

describe('OAuth: GET /oauth/v1/generate', () => {
  it('issues a token with expires_in as a string one second short of its lifetime', async () => {
    const response = await oauth(basic(darajaSandbox.consumerKey, darajaSandbox.consumerSecret));

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^[\w-]{28}$/), expires_in: '59' });
  });

  it('can send expires_in as a number, as the portal shows it', async () => {
    const numeric = await startDarajaFixture({ expiresInAs: 'number' });
    try {
      const response = await fetch(
        `${numeric.simulator.daraja.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
        {
          headers: {
            authorization: basic(darajaSandbox.consumerKey, darajaSandbox.consumerSecret),
          },
        },
      );

      expect(await response.json()).toMatchObject({ expires_in: 3599 });
    } finally {
      await numeric.close();
    }
  });

  it('refuses wrong credentials with 400 and the error envelope', async () => {
    const response = await oauth(basic(darajaSandbox.consumerKey, 'not-the-secret'));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(envelope('400.008.01', 'Invalid consumer key or secret'));
  });

  it('refuses a missing or non-Basic Authorization header with 400.008.01', async () => {
    for (const header of [undefined, 'Bearer abc', 'Digest x']) {
      const response = await oauth(header);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(
        envelope('400.008.01', 'Invalid Authentication passed'),
      );
    }
  });

  it('refuses any grant type but client_credentials with 400.008.02', async () => {
    const response = await oauth(
      basic(darajaSandbox.consumerKey, darajaSandbox.consumerSecret),
      'password',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(envelope('400.008.02', 'Invalid grant type passed'));
  });

  it('stops accepting a token once its lifetime has passed on the simulator clock', async () => {
    const token = await fx.token();
    const call = () =>
      fetch(`${fx.simulator.daraja.baseUrl}/mpesa/stkpush/v1/processrequest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(fx.pushBody()),
      });
    expect((await call()).status).toBe(200);

    fx.clock.set(fx.clock.now() + 60_000);
    const expired = await call();

    expect(expired.status).toBe(404);
    expect(await expired.json()).toEqual(envelope('404.001.03', 'Invalid Access Token'));
  });

  it('also expires tokens when a test advances simulated time through control', async () => {
    const token = await fx.token();
    await fx.simulator.control.advance(60_000);

    const response = await fetch(`${fx.simulator.daraja.baseUrl}/mpesa/stkpush/v1/processrequest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(fx.pushBody()),
    });

    expect(response.status).toBe(404);
  });
});
