/**
 * The callback route over real HTTP: a provider's callback applied and answered, a wrong token or
 * a malformed body refused.
 */
import { describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath } from '../testing/test-harness.js';
import {
  closeServedKitAfterEach,
  expectProblem,
  json,
  type PaymentBody,
  setup,
} from './test-router-kit.js';

closeServedKitAfterEach();

describe('the callback route', () => {
  it('applies a Daraja callback and answers with the adapter response', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());
    const ref = (await kit.store.get(payment.id))?.providerRef ?? '';
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const response = await fetch(`${kit.url}/callbacks/daraja/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: darajaSuccess(ref, 1500),
    });

    expect(response.status).toBe(200);
    expect(await json<unknown>(response)).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    expect((await kit.store.get(payment.id))?.status).toBe('completed');
  });

  it('refuses a wrong token with 401 callback_unauthorized', async () => {
    const kit = await setup();
    const { payment } = await json<PaymentBody>(await kit.pay());

    const response = await fetch(`${kit.url}/callbacks/daraja/not-the-token`, {
      method: 'POST',
      body: darajaSuccess('ws_CO_x', 1500),
    });

    await expectProblem(response, 401, 'callback_unauthorized');
    expect((await kit.store.get(payment.id))?.status).toBe('pending');
  });

  it('refuses a malformed body with 400 invalid_callback', async () => {
    const kit = await setup();
    await kit.pay();
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    const response = await fetch(`${kit.url}/callbacks/daraja/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'not json',
    });

    await expectProblem(response, 400, 'invalid_callback');
  });
});
