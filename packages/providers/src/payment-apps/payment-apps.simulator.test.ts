/// <reference types="node" />
/**
 * The payment-apps adapter against @lipwa/simulator over real HTTP, through the contract
 * fixture: requests and status checks with the sandbox token, magic numbers, signed webhooks to
 * the registered URL, forgeries, injected faults and an expiring token.
 * Longer than ~300 lines because it is one specification, the adapter's payment flow end to end
 * against the simulator, whose tests each walk a whole flow.
 */
import { CallbackError, type CallbackResult, ProviderError } from '@lipwa/core';
import { paymentAppsSandbox } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractWorld } from '../testing/contract-fixture.js';
import {
  type PaymentAppsWorld,
  paymentAppsFixture,
  WORLD_START,
} from './test-payment-apps-fixture.js';

let world: PaymentAppsWorld;

beforeEach(async () => {
  world = (await paymentAppsFixture.start()) as PaymentAppsWorld;
});

afterEach(async () => {
  await world.close();
});

async function verifiedCallbacks(): Promise<CallbackResult[]> {
  await world.idle();
  return Promise.all(world.received().map((input) => world.adapter.verifyCallback(input)));
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('payment-apps adapter against the simulator', () => {
  it('completes a payment: request, signed webhook to the registered URL, status check agrees', async () => {
    const request = world.request('254711000000');

    const started = await world.adapter.initiate(request);
    const results = await verifiedCallbacks();
    const queried = await world.adapter.query(started.providerRef);

    expect(started).toMatchObject({ providerRef: '1', next: { type: 'stk' } });
    expect(started.providerData?.checkoutRequestId).toMatch(/^ws_CO_/);
    expect(results).toHaveLength(1);
    expect(results[0]?.response).toEqual({ status: 200, body: { received: true } });
    expect(results[0]?.updates).toEqual([
      {
        providerRef: started.providerRef,
        status: 'completed',
        providerCode: '0',
        message: 'The service request is processed successfully.',
        receipt: expect.stringMatching(/^UCF[A-Z0-9]{7}$/),
        amount: request.amount,
        phone: '2547•••••000',
        paidAt: new Date(WORLD_START).toISOString(),
      },
    ]);
    expect(queried).toMatchObject({ providerRef: started.providerRef, status: 'completed' });
  });

  it('is wired like the demo: spread the simulator’s settings and go', async () => {
    const adapter = world.adapterWith({ ...world.simulator.paymentApps });

    expect(adapter.target).toBe('simulator');
    expect((await adapter.initiate(world.request('254711000000'))).next).toEqual({ type: 'stk' });
  });

  it.each([
    ['254711000001', 'failed', 'insufficient_funds', '1'],
    ['254711002001', 'failed', 'wrong_pin', '2001'],
    ['254711000032', 'cancelled', 'cancelled_by_user', '1032'],
    ['254711000037', 'failed', 'no_response', '1037'],
  ])('maps %s to %s / %s by webhook and by status check', async (phone, status, reason, code) => {
    const started = await world.adapter.initiate(world.request(phone));
    const [result] = await verifiedCallbacks();
    const queried = await world.adapter.query(started.providerRef);

    expect(result?.updates).toEqual([
      expect.objectContaining({
        providerRef: started.providerRef,
        status,
        reason,
        providerCode: code,
      }),
    ]);
    expect(queried).toMatchObject({ status, reason, providerCode: code });
  });

  it('finds a paid request by status check when its webhook never comes (254711000099)', async () => {
    const started = await world.adapter.initiate(world.request('254711000099'));
    const results = await verifiedCallbacks();
    const queried = await world.adapter.query(started.providerRef);

    expect(results).toHaveLength(0);
    expect(queried).toMatchObject({ providerRef: started.providerRef, status: 'completed' });
  });

  it('parses a duplicated webhook (254711000098) to the same update both times', async () => {
    await world.adapter.initiate(world.request('254711000098'));
    const results = await verifiedCallbacks();

    expect(results).toHaveLength(2);
    expect(results[1]?.updates).toEqual(results[0]?.updates);
  });

  it('verifies a late webhook held back by a delay fault, once time moves past it', async () => {
    await world.fault({ operation: 'callback', kind: 'delay', delayMs: 30_000 });
    const started = await world.adapter.initiate(world.request('254711000000'));
    await world.idle();
    const before = world.received().length;

    await world.advance(30_000);
    const results = await verifiedCallbacks();

    expect(before).toBe(0);
    expect(results[0]?.updates[0]).toMatchObject({
      providerRef: started.providerRef,
      status: 'completed',
    });
  });

  it('reads an unanswered prompt as pending, then the customer’s answer on the virtual phone', async () => {
    const started = await world.adapter.initiate(world.request('254708374149'));
    const waiting = await world.adapter.query(started.providerRef);
    await world.answer(started, 'wrong_pin');
    const [result] = await verifiedCallbacks();

    expect(waiting).toMatchObject({ status: 'pending', providerCode: '4999' });
    expect(result?.updates[0]).toMatchObject({ status: 'failed', reason: 'wrong_pin' });
  });

  it('hears no_response when nobody answers the prompt within a minute', async () => {
    await world.adapter.initiate(world.request('254708374149'));

    await world.advance(60_000);
    const [result] = await verifiedCallbacks();

    expect(result?.updates[0]).toMatchObject({ status: 'failed', reason: 'no_response' });
  });

  it('reports a busy subscriber at request time as provider_rejected / subscriber_busy', async () => {
    const error = await failureOf(world.adapter.initiate(world.request('254711000017')));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      reason: 'subscriber_busy',
      providerCode: '502',
      retryable: true,
      ambiguous: false,
    });
  });

  describe('forged webhooks', () => {
    async function genuine() {
      await world.adapter.initiate(world.request('254711000001'));
      await world.idle();
      const [input] = world.received();
      if (!input) throw new Error('no webhook arrived');
      return input;
    }

    it('refuses a tampered body that still carries the genuine signature', async () => {
      const forged = paymentAppsFixture.forge(await genuine(), 'tamper');

      const error = await failureOf(world.adapter.verifyCallback(forged!));

      expect(error).toBeInstanceOf(CallbackError);
      expect(error).toMatchObject({ code: 'invalid_signature' });
    });

    it('refuses an unsigned webhook', async () => {
      const forged = paymentAppsFixture.forge(await genuine(), 'unsigned');

      const error = await failureOf(world.adapter.verifyCallback(forged!));

      expect(error).toMatchObject({ code: 'invalid_signature' });
    });

    it('refuses a webhook signed with another secret', async () => {
      const other = world.adapterWith({ webhookSecret: 'not-the-apps-secret' });

      const error = await failureOf(other.verifyCallback(await genuine()));

      expect(error).toMatchObject({ code: 'invalid_signature' });
    });

    it('verifies a genuine webhook about someone else’s transaction, under its own Salami id', async () => {
      const started = await world.adapter.initiate(world.request('254708374149'));
      const foreign = await paymentAppsFixture.foreign?.(world as ContractWorld);

      const result = await world.adapter.verifyCallback(foreign!);

      expect(result.updates[0]?.providerRef).not.toBe(started.providerRef);
    });
  });

  describe('faults on requestPayment', () => {
    it('reports a 429 as retryable with the Retry-After the gateway sent', async () => {
      await world.fault({ operation: 'stkpush', kind: 'http', status: 429 });

      const error = await failureOf(world.adapter.initiate(world.request('254711000000')));

      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        ambiguous: false,
        retryAfterMs: 60_000,
        providerCode: '429',
      });
    });

    it('reports a 500 as retryable and not ambiguous', async () => {
      await world.fault({ operation: 'stkpush', kind: 'http', status: 500 });

      const error = await failureOf(world.adapter.initiate(world.request('254711000000')));

      expect(error).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        ambiguous: false,
        providerCode: '500',
      });
    });

    it('reports a hung request as a timeout that may have reached the gateway', async () => {
      const hung = await paymentAppsFixture.start({ timeoutMs: 300 });
      await hung.fault({ operation: 'stkpush', kind: 'hang' });

      const error = await failureOf(hung.adapter.initiate(hung.request('254711000000')));
      await hung.close();

      expect(error).toMatchObject({
        code: 'provider_unavailable',
        ambiguous: true,
        retryable: false,
        details: { timedOut: true },
      });
    });

    it('reports a garbled answer as an ambiguous ProviderError, never a crash', async () => {
      await paymentAppsFixture.malformed(world);

      const error = await failureOf(world.adapter.initiate(world.request('254711000000')));

      expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
      // The request did reach the gateway: its prompt settled and the webhook came anyway.
      expect((await verifiedCallbacks())[0]?.updates[0]).toMatchObject({ status: 'completed' });
    });
  });

  describe('faults on the status check', () => {
    it('rides out one 500 with its single retry', async () => {
      const started = await world.adapter.initiate(world.request('254711000000'));
      await world.idle();
      await world.fault({ operation: 'query', kind: 'http', status: 500 });

      expect(await world.adapter.query(started.providerRef)).toMatchObject({ status: 'completed' });
    });

    it('passes a 429 on without retrying, with Retry-After', async () => {
      const started = await world.adapter.initiate(world.request('254711000000'));
      await world.fault({ operation: 'query', kind: 'http', status: 429, times: 2 });

      const error = await failureOf(world.adapter.query(started.providerRef));

      expect(error).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
      expect(world.simulator.control.faults()).toEqual([expect.objectContaining({ remaining: 1 })]);
    });

    it('reports an id the gateway never issued as provider_rejected', async () => {
      const error = await failureOf(world.adapter.query('4242'));

      expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '404' });
    });
  });

  describe('the API token', () => {
    async function createToken(body: Record<string, unknown>): Promise<string> {
      const response = await fetch(`${world.simulator.paymentApps.baseUrl}/api/account/tokens`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${paymentAppsSandbox.apiToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return ((await response.json()) as { data: { token: string } }).data.token;
    }

    it('keeps working across hours: a dashboard token has no expiry to refresh', async () => {
      await world.adapter.initiate(world.request('254711000000'));

      await world.advance(2 * 60 * 60 * 1000);
      const again = await world.adapter.initiate(world.request('254711000000'));

      expect(again.next).toEqual({ type: 'stk' });
    });

    it('reports a token that expired mid-flow as provider_auth_failed, without leaking it', async () => {
      const apiToken = await createToken({
        name: 'one hour',
        abilities: ['payments:read', 'payments:write'],
        expires_at: new Date(WORLD_START + 3_600_000).toISOString(),
      });
      const adapter = world.adapterWith({ apiToken });
      const started = await adapter.initiate(world.request('254708374149'));

      await world.advance(3_600_000);
      const initiateError = await failureOf(adapter.initiate(world.request('254711000000')));
      const queryError = await failureOf(adapter.query(started.providerRef));

      for (const error of [initiateError, queryError]) {
        expect(error).toMatchObject({
          code: 'provider_auth_failed',
          retryable: false,
          providerCode: '401',
        });
        const text = JSON.stringify({
          m: (error as Error).message,
          d: (error as ProviderError).details,
        });
        expect(text).not.toContain(apiToken.split('|')[1]);
      }
    });

    it('reports a read-only token on requestPayment as provider_auth_failed (403)', async () => {
      const apiToken = await createToken({ name: 'reader', abilities: ['payments:read'] });

      const error = await failureOf(
        world.adapterWith({ apiToken }).initiate(world.request('254711000000')),
      );

      expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '403' });
      expect((error as Error).message).toContain('payments:write');
    });

    it('reports another merchant’s payment app as provider_auth_failed (403)', async () => {
      const error = await failureOf(
        world.adapterWith({ paymentApp: 2 }).initiate(world.request('254711000000')),
      );

      expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '403' });
    });
  });
});
