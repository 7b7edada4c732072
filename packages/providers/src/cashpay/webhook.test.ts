import { CallbackError, ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { cashpayError, fakeCharge } from './test-fetch.js';
import { credentials, setupCashpay, webhook } from './test-setup.js';
import { verifyCashpayWebhook } from './webhook.js';

function setupWebhook() {
  const setup = setupCashpay();
  const tokens = createAccessTokens(setup.config);
  return {
    ...setup,
    verify: (input: Parameters<typeof verifyCashpayWebhook>[2]) =>
      verifyCashpayWebhook(setup.config, tokens, input),
  };
}

describe('CashPay webhook (verifyCallback)', () => {
  it('confirms a capture by fetching the charge, and answers 200', async () => {
    const { fake, verify } = setupWebhook();
    const charge = fakeCharge({ status: 'CAPTURED' });
    fake.charges.set(charge.id, charge);

    const result = await verify(webhook(charge));

    expect(fake.requestsTo('retrieve')).toHaveLength(1);
    expect(result).toEqual({
      updates: [
        {
          providerRef: 'chg_a1b2c3d4e5',
          status: 'completed',
          providerCode: 'CAPTURED',
          message: 'The customer paid; the charge is captured.',
          amount: { amount: 200_000, currency: 'YER' },
        },
      ],
      response: { status: 200, body: { received: true } },
    });
  });

  it('never trusts the body: a forged CAPTURED for an unpaid charge stays pending', async () => {
    const { fake, verify } = setupWebhook();
    const charge = fakeCharge({ status: 'INITIATED' });
    fake.charges.set(charge.id, charge);

    const result = await verify(webhook({ ...charge, status: 'CAPTURED', amount: 1 }));

    expect(result.updates).toMatchObject([
      { status: 'pending', providerCode: 'INITIATED', amount: { amount: 200_000 } },
    ]);
  });

  it('reads a declined charge as failed, whatever the body claims', async () => {
    const { fake, verify } = setupWebhook();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status: 'FAILED' }));

    const result = await verify(webhook({ id: 'chg_a1b2c3d4e5', status: 'CAPTURED' }));

    expect(result.updates).toMatchObject([{ status: 'failed', reason: 'unknown' }]);
  });

  it('needs only the charge id from the body', async () => {
    const { fake, verify } = setupWebhook();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status: 'CAPTURED' }));

    const result = await verify(webhook({ id: 'chg_a1b2c3d4e5' }));

    expect(result.updates[0]?.status).toBe('completed');
  });

  it('refuses a webhook about a charge CashPay does not know', async () => {
    const { verify } = setupWebhook();

    const error = await verify(
      webhook(fakeCharge({ id: 'chg_forged0000', status: 'CAPTURED' })),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'invalid_callback' });
    expect((error as Error).message).toContain('chg_forged0000');
  });

  it.each([
    ['a body that is not JSON', webhook('id=chg_a1b2c3d4e5')],
    ['a body without an id', webhook({ status: 'CAPTURED' })],
    ['an id that is not a charge id', webhook({ id: '../oauth/token' })],
    ['a JSON array', webhook([{ id: 'chg_a1b2c3d4e5' }])],
    ['a GET', webhook({ id: 'chg_a1b2c3d4e5' }, { method: 'GET' })],
  ])('refuses %s as invalid_callback without asking CashPay', async (_what, input) => {
    const { fake, verify } = setupWebhook();

    await expect(verify(input)).rejects.toMatchObject({
      name: 'CallbackError',
      code: 'invalid_callback',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails retryably when CashPay cannot be asked, so the webhook is retried later', async () => {
    const { fake, verify } = setupWebhook();
    fake.script(
      'retrieve',
      cashpayError(503, 'service_unavailable'),
      cashpayError(503, 'service_unavailable'),
    );

    const error = await verify(webhook({ id: 'chg_a1b2c3d4e5' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('never puts the client secret or token in what it returns', async () => {
    const { fake, verify } = setupWebhook();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status: 'CAPTURED' }));

    const result = await verify(webhook({ id: 'chg_a1b2c3d4e5' }));

    expect(JSON.stringify(result)).not.toContain(credentials.clientSecret);
    expect(JSON.stringify(result)).not.toContain('token-1');
  });
});
