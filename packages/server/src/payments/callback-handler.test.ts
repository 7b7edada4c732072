/**
 * Longer than ~300 lines because it is one operation's specification, handling a provider's
 * callback: applying it, a second success for a paid order, the callback URL's lifetime and the
 * fixed callback route.
 */
import { CallbackError, ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createScriptedAdapter, darajaFailure, darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';

async function startedKit() {
  const kit = setupKit();
  const token = await kit.session();
  const { payment } = await kit.startPayment(token, { phone: '0708374149' });
  const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());
  const record = await kit.store.get(payment.id);
  const providerRef = record?.providerRef ?? '';
  const post = (rawBody: string, tokenOverride = callbackToken) =>
    kit.handleCallback('daraja', tokenOverride, { headers: {}, rawBody });
  return { ...kit, token, payment, providerRef, callbackToken, post };
}

describe('receiving a callback', () => {
  it('completes the payment from a Daraja success and answers what Daraja expects', async () => {
    const kit = await startedKit();

    const answer = await kit.post(darajaSuccess(kit.providerRef, 1500));

    expect(answer).toEqual({ status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } });
    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'completed',
      receipt: 'NLJ7RT61SV',
      decidedBy: 'provider',
      providerCode: '0',
    });
    expect(kit.finals).toEqual([
      expect.objectContaining({ status: 'completed', reference: 'ORDER-1' }),
    ]);
  });

  it('maps a cancellation (1032) to cancelled with cancelled_by_user', async () => {
    const kit = await startedKit();

    await kit.post(darajaFailure(kit.providerRef, 1032, 'Request cancelled by user'));

    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled_by_user',
    });
  });

  it('refuses a wrong token with callback_unauthorized and changes nothing', async () => {
    const kit = await startedKit();

    const refused = kit.post(darajaSuccess(kit.providerRef, 1500), 'A'.repeat(43));

    await expect(refused).rejects.toBeInstanceOf(CallbackError);
    await expect(refused).rejects.toMatchObject({ code: 'callback_unauthorized' });
    expect((await kit.store.get(kit.payment.id))?.status).toBe('pending');
    expect(kit.finals).toEqual([]);
  });

  it('refuses a real token presented for another provider', async () => {
    const kit = await startedKit();

    await expect(
      kit.handleCallback('cashpay', kit.callbackToken, {
        headers: {},
        rawBody: darajaSuccess(kit.providerRef, 1500),
      }),
    ).rejects.toMatchObject({ code: 'callback_unauthorized' });
  });

  it('refuses a malformed body with invalid_callback and changes nothing', async () => {
    const kit = await startedKit();

    await expect(kit.post('{"Body":')).rejects.toMatchObject({ code: 'invalid_callback' });
    expect((await kit.store.get(kit.payment.id))?.status).toBe('pending');
  });

  it('acknowledges an update for another CheckoutRequestID, records it and changes nothing', async () => {
    const kit = await startedKit();

    const answer = await kit.post(darajaSuccess('ws_CO_not_this_payment', 1500));

    expect(answer.status).toBe(200);
    expect((await kit.store.get(kit.payment.id))?.status).toBe('pending');
    expect(await kit.store.unmatched()).toEqual([
      expect.objectContaining({ paymentId: kit.payment.id, providerRef: 'ws_CO_not_this_payment' }),
    ]);
  });

  it('applies a duplicate success once and tells the hook once', async () => {
    const kit = await startedKit();

    await kit.post(darajaSuccess(kit.providerRef, 1500));
    await kit.post(darajaSuccess(kit.providerRef, 1500));

    expect(kit.finals).toHaveLength(1);
    const kinds = (await kit.store.events(kit.payment.id)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'transition')).toHaveLength(1);
    expect(kinds).toContain('duplicate');
  });

  it('ignores a late failure after success, keeping the payment completed', async () => {
    const kit = await startedKit();
    await kit.post(darajaSuccess(kit.providerRef, 1500));

    await kit.post(darajaFailure(kit.providerRef, 1, 'The balance is insufficient.'));

    expect((await kit.store.get(kit.payment.id))?.status).toBe('completed');
    expect((await kit.store.events(kit.payment.id)).map((event) => event.kind)).toContain(
      'rejected',
    );
    expect(kit.finals).toHaveLength(1);
  });

  it('never marks a success for a different amount as paid', async () => {
    const kit = await startedKit();

    await kit.post(darajaSuccess(kit.providerRef, 1));

    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'failed',
      reason: 'amount_mismatch',
      review: 'amount_mismatch',
    });
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(kit.reviews).toEqual([
      expect.objectContaining({
        type: 'payment.review',
        review: 'amount_mismatch',
        reportedStatus: 'completed',
        reportedAmount: { amount: 100, currency: 'KES' },
      }),
    ]);
  });

  it('reports money that arrives after a timed-out initiation for review', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja did not answer.', {
        details: { ambiguous: true },
      });
    };
    await kit.startPayment(token, { phone: '0708374149' }).catch(() => undefined);
    const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';

    await kit.handleCallback('daraja', callbackToken, {
      headers: {},
      rawBody: darajaSuccess('ws_CO_learned_late', 1500),
    });

    expect(await kit.store.get(paymentId)).toMatchObject({
      status: 'failed',
      review: 'success_after_failure',
      providerRef: 'ws_CO_learned_late',
      receipt: 'NLJ7RT61SV',
    });
    // The merchant hears "failed" as the payment's status, and the money as a review case: no
    // event says "completed" for a payment that is not paid.
    expect(kit.finals.map((event) => [event.status, event.payment.status])).toEqual([
      ['failed', 'failed'],
    ]);
    expect(kit.reviews.map((event) => [event.review, event.payment.status])).toEqual([
      ['success_after_failure', 'failed'],
    ]);
  });

  it('keeps going when the merchant hook throws, and logs it', async () => {
    const kit = setupKit({
      hooks: {
        onPaymentFinal: () => {
          throw new Error('order database is down');
        },
      },
    });
    const token = await kit.session();
    const { payment } = await kit.startPayment(token, { phone: '0708374149' });
    const record = await kit.store.get(payment.id);
    const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());

    const answer = await kit.handleCallback('daraja', callbackToken, {
      headers: {},
      rawBody: darajaSuccess(record?.providerRef ?? '', 1500),
    });

    expect(answer.status).toBe(200);
    expect((await kit.store.get(payment.id))?.status).toBe('completed');
    expect(kit.logger.entries.some((entry) => entry.message.includes('onPaymentFinal'))).toBe(true);
  });

  it('never writes the full phone number or the callback token to the logs', async () => {
    const kit = await startedKit();
    await kit.post(darajaSuccess(kit.providerRef, 1500));
    await kit.post('oops').catch(() => undefined);

    const logged = JSON.stringify(kit.logger.entries);
    expect(logged).not.toContain('254708374149');
    expect(logged).not.toContain(kit.callbackToken);
    expect(logged).toContain('2547•••••149');
  });
});

describe('a second success for a paid order', () => {
  it('keeps it, does not merge it, and reports it for review (refund needed)', async () => {
    const kit = setupKit({ reconcile: { promptTimeoutMs: 60_000, graceMs: 1_000 } });
    // Attempt A: the prompt goes unanswered and our deadline expires it.
    await kit.startPayment(await kit.session(), { phone: '0708374149' });
    const first = callbackPath(kit.adapter.lastCallbackUrl());
    const firstId = kit.adapter.initiated[0]?.paymentId ?? '';
    kit.clock.advance(62_000);
    await kit.reconcileOnce();
    // Attempt B for the same order is paid.
    kit.clock.advance(6_000);
    await kit.startPayment(await kit.session(), { phone: '0708374149' });
    const second = callbackPath(kit.adapter.lastCallbackUrl());
    const secondRef = (await kit.store.get(kit.adapter.initiated[1]?.paymentId ?? ''))?.providerRef;
    await kit.handleCallback('daraja', second.token, {
      headers: {},
      rawBody: darajaSuccess(secondRef ?? '', 1500),
    });
    const firstRef = (await kit.store.get(firstId))?.providerRef ?? '';

    // A's money arrives late.
    await kit.handleCallback('daraja', first.token, {
      headers: {},
      rawBody: darajaSuccess(firstRef, 1500),
    });

    expect(await kit.store.get(firstId)).toMatchObject({
      status: 'expired',
      review: 'second_success',
    });
    expect(kit.finals.filter((event) => event.status === 'completed')).toHaveLength(1);
    expect(kit.reviews).toEqual([
      expect.objectContaining({
        review: 'second_success',
        reportedStatus: 'completed',
        reportedReceipt: 'NLJ7RT61SV',
        payment: expect.objectContaining({ id: firstId, status: 'expired' }),
      }),
    ]);
  });
});

describe('callback URL lifetime', () => {
  it('ignores a replay after the payment ended and its grace passed: acknowledged, recorded, nothing changed, no merchant event', async () => {
    const kit = await startedKit();
    await kit.post(darajaSuccess(kit.providerRef, 1500));
    kit.clock.advance(24 * 60 * 60 * 1000 + 1);

    const answer = await kit.post(darajaSuccess(kit.providerRef, 1));

    expect(answer).toEqual({ status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } });
    const record = await kit.store.get(kit.payment.id);
    expect(record).toMatchObject({ status: 'completed' });
    expect(record?.review).toBeUndefined();
    expect(kit.finals).toHaveLength(1);
    expect(kit.reviews).toEqual([]);
    expect((await kit.store.events(kit.payment.id)).at(-1)?.kind).toBe('late_callback');
  });

  it('still takes a late success within the grace of a payment our deadline expired', async () => {
    const kit = await startedKit();
    kit.clock.advance(200_000);
    await kit.reconcileOnce();
    kit.clock.advance(60 * 60 * 1000);

    await kit.post(darajaSuccess(kit.providerRef, 1500));

    expect(await kit.store.get(kit.payment.id)).toMatchObject({ status: 'completed' });
  });
});

describe('the fixed callback route', () => {
  function fixedKit() {
    const cashfin = createScriptedAdapter('cashfin', { callbackRoute: 'fixed' });
    const kit = setupKit({ providers: [cashfin] });
    return { kit, cashfin };
  }

  it('finds the payment by provider reference and applies the verified update', async () => {
    const { kit } = fixedKit();
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });
    const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';

    await kit.handleFixedCallback('cashfin', {
      headers: {},
      rawBody: darajaSuccess(providerRef, 1500),
    });

    expect(await kit.store.get(payment.id)).toMatchObject({ status: 'completed' });
  });

  it('acknowledges and records a verified webhook about no payment of ours, changing nothing', async () => {
    const { kit } = fixedKit();
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });

    const answer = await kit.handleFixedCallback('cashfin', {
      headers: {},
      rawBody: darajaSuccess('another-merchants-ref', 1500),
    });

    expect(answer.status).toBe(200);
    expect((await kit.store.get(payment.id))?.status).toBe('pending');
    expect(await kit.store.unmatched()).toEqual([
      expect.objectContaining({ provider: 'cashfin', providerRef: 'another-merchants-ref' }),
    ]);
    expect(kit.finals).toEqual([]);
  });

  it('applies a webhook that beat the initiate answer once the reference is known', async () => {
    const { kit, cashfin } = fixedKit();
    cashfin.onInitiate = async () => {
      await kit.handleFixedCallback('cashfin', {
        headers: {},
        rawBody: darajaSuccess('CF-early', 1500),
      });
      return { providerRef: 'CF-early', next: { type: 'stk' } };
    };

    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });

    expect(payment.status).toBe('completed');
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
  });

  it('refuses the fixed route for a provider that takes per-payment URLs, and the token route for a fixed one', async () => {
    const { kit } = fixedKit();
    await kit.startPayment(await kit.session(), { phone: '0712345678' });

    await expect(
      kit.handleCallback('cashfin', 'A'.repeat(43), { headers: {}, rawBody: '{}' }),
    ).rejects.toMatchObject({ code: 'callback_unauthorized' });
    const other = setupKit();
    await expect(
      other.handleFixedCallback('daraja', { headers: {}, rawBody: '{}' }),
    ).rejects.toMatchObject({ code: 'callback_unauthorized' });
  });
});
