import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { queryCharge } from './retrieve-charge.js';
import { cashpayError, fakeCharge, json } from './test-fetch.js';
import { setupCashpay } from './test-setup.js';

function setupQuery() {
  const setup = setupCashpay();
  const tokens = createAccessTokens(setup.config);
  return {
    ...setup,
    query: (ref: string, signal?: AbortSignal) =>
      queryCharge(setup.config, tokens, ref, signal ? { signal } : {}),
  };
}

describe('CashPay retrieve charge (query)', () => {
  it('reads a captured charge as completed with its amount in minor units', async () => {
    const { fake, query } = setupQuery();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status: 'CAPTURED' }));

    const update = await query('chg_a1b2c3d4e5');

    const [request] = fake.requestsTo('retrieve');
    expect(request?.url).toBe('https://cashpay.test/charges/chg_a1b2c3d4e5');
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(update).toEqual({
      providerRef: 'chg_a1b2c3d4e5',
      status: 'completed',
      providerCode: 'CAPTURED',
      message: 'The customer paid; the charge is captured.',
      amount: { amount: 200_000, currency: 'YER' },
    });
  });

  it.each([
    ['INITIATED', 'pending', undefined],
    ['FAILED', 'failed', 'unknown'],
    ['REFUNDED', 'pending', undefined],
  ])('reads %s as %s', async (status, expected, reason) => {
    const { fake, query } = setupQuery();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status }));

    const update = await query('chg_a1b2c3d4e5');

    expect(update.status).toBe(expected);
    expect(update.reason).toBe(reason);
    expect(update.providerCode).toBe(status);
  });

  it('retries once straight away after a 500, since reading is safe to repeat', async () => {
    const { fake, query } = setupQuery();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge({ status: 'CAPTURED' }));
    fake.script('retrieve', cashpayError(500, 'server_error'));

    const update = await query('chg_a1b2c3d4e5');

    expect(update.status).toBe('completed');
    expect(fake.requestsTo('retrieve')).toHaveLength(2);
  });

  it('retries only once', async () => {
    const { fake, query } = setupQuery();
    fake.script('retrieve', { kind: 'network-error' }, { kind: 'timeout' });

    const error = await query('chg_a1b2c3d4e5').catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
    expect(fake.requestsTo('retrieve')).toHaveLength(2);
  });

  it('does not retry a 429, and says how long to wait', async () => {
    const { fake, query } = setupQuery();
    fake.script('retrieve', json(429, { error: { code: 'rate_limited', retry_after: 5 } }));

    const error = await query('chg_a1b2c3d4e5').catch((e: unknown) => e);

    expect(error).toMatchObject({ retryable: true, retryAfterMs: 5_000 });
    expect(fake.requestsTo('retrieve')).toHaveLength(1);
  });

  it('reports a charge CashPay does not know as provider_rejected', async () => {
    const { query } = setupQuery();

    const error = await query('chg_unknown00').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      providerCode: 'charge_not_found',
    });
  });

  it.each(['', 'ws_CO_123', 'chg_', 'chg_a/../../oauth'])(
    'refuses the providerRef %j without asking CashPay',
    async (ref) => {
      const { fake, query } = setupQuery();

      await expect(query(ref)).rejects.toMatchObject({ code: 'provider_rejected' });
      expect(fake.requests).toHaveLength(0);
    },
  );

  it('reports a malformed charge as provider_unavailable after its one retry, never as final', async () => {
    const { fake, query } = setupQuery();
    const malformed = json(200, { id: 'chg_a1b2c3d4e5', status: 'CAPTURED', amount: '2000' });
    fake.script('retrieve', malformed, malformed);

    const error = (await query('chg_a1b2c3d4e5').catch((e: unknown) => e)) as ProviderError;

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: false });
    expect(error.details.answer).toMatchObject({ status: 'CAPTURED' });
  });

  it('refuses an answer about another charge', async () => {
    const { fake, query } = setupQuery();
    const other = json(200, fakeCharge({ id: 'chg_other00000', status: 'CAPTURED' }));
    fake.script('retrieve', other, other);

    await expect(query('chg_a1b2c3d4e5')).rejects.toMatchObject({ code: 'provider_unavailable' });
  });

  it('refreshes a refused token once and reads the charge', async () => {
    const { fake, query } = setupQuery();
    fake.charges.set('chg_a1b2c3d4e5', fakeCharge());
    fake.script('retrieve', cashpayError(401, 'invalid_token'));

    expect((await query('chg_a1b2c3d4e5')).status).toBe('pending');
    expect(fake.requests.map((r) => r.route)).toEqual(['token', 'retrieve', 'token', 'retrieve']);
  });

  it('does not retry when the caller aborted', async () => {
    const { fake, query } = setupQuery();
    const controller = new AbortController();
    fake.script('retrieve', { kind: 'hang' });

    const pending = query('chg_a1b2c3d4e5', controller.signal).catch((e: unknown) => e);
    await fake.sent('retrieve');
    controller.abort();

    expect(await pending).toMatchObject({ code: 'provider_unavailable', retryable: false });
    expect(fake.requestsTo('retrieve')).toHaveLength(1);
  });
});
