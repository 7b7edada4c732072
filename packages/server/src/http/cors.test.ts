/**
 * CORS on the router: preflights from allowed origins, refusals for other origins and for an
 * origin the session is not bound to, none on the callback route.
 */
import { describe, expect, it } from 'vitest';
import { SHOP_ORIGIN } from '../testing/test-harness.js';
import { closeServedKitAfterEach, expectProblem, setup } from './test-router-kit.js';

closeServedKitAfterEach();

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the headers the widget sends', async () => {
    const kit = await setup();

    const response = await fetch(`${kit.url}/payments`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Idempotency-Key',
    );
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('refuses a request from another origin with 403 origin_not_allowed', async () => {
    const kit = await setup();

    const response = await kit.pay(undefined, { origin: 'https://evil.example' });

    await expectProblem(response, 403, 'origin_not_allowed');
    expect(kit.adapter.initiated).toHaveLength(0);
  });

  it('refuses an allowed origin that is not the one the session is bound to', async () => {
    const kit = await setup({ allowedOrigins: [SHOP_ORIGIN, 'https://admin.example'] });
    const bound = await kit.session({ allowedOrigin: SHOP_ORIGIN });

    const response = await fetch(`${kit.url}/session`, {
      headers: { authorization: `Bearer ${bound}`, origin: 'https://admin.example' },
    });
    const allowed = await fetch(`${kit.url}/session`, {
      headers: { authorization: `Bearer ${bound}`, origin: SHOP_ORIGIN },
    });

    await expectProblem(response, 403, 'origin_not_allowed');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  });

  it('needs no CORS on the callback route', async () => {
    const kit = await setup();

    const response = await fetch(`${kit.url}/callbacks/daraja/whatever`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: '{}',
    });

    await expectProblem(response, 401, 'callback_unauthorized');
  });
});
