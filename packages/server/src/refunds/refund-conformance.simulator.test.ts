/**
 * The refund contract, proved the same way for every provider whose adapter offers `reversals`,
 * over real HTTP against the simulator: whether the provider posts its result to the kit
 * (Daraja) or keeps it to be asked for by the reconciler (payment-apps).
 */
import type { Msisdn } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';
import { moneyOutProviders, settleMoneyOut } from '../testing/test-money-out-providers.js';

const TOKEN = 'tok_results_c4e19a7b2d';
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const webhookTypes: string[] = [];

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return (error as { details?: { refusal?: unknown } } | undefined)?.details?.refusal;
}

describe.each(moneyOutProviders.filter((provider) => provider.reverses))(
  'lipwa.payments.refund on $id',
  (provider) => {
    let kit: Kit & { url: string; close(): Promise<void> };

    beforeEach(async () => {
      webhookTypes.length = 0;
      kit = await servedKit({
        providers: [provider.adapter(simulator, TOKEN)],
        resultsToken: TOKEN,
        webhooks: {
          endpoints: [
            {
              id: 'refunds',
              url: 'http://127.0.0.1:9/merchant-webhooks',
              secrets: [WEBHOOK_SECRET],
              events: ['payment.reversed'],
            },
          ],
          // The merchant's endpoint: records the type of each event it received.
          fetch: (async (_url: unknown, init?: RequestInit) => {
            webhookTypes.push((JSON.parse(String(init?.body)) as { type: string }).type);
            return new Response('ok');
          }) as typeof fetch,
        },
      });
      provider.attach(simulator, kit.url);
    });

    afterEach(async () => {
      await settleMoneyOut(simulator, kit);
      await kit.close();
      simulator.control.reset();
    });

    async function paymentFrom(phone: string) {
      const { payment } = await kit.startPayment(await kit.session(), { phone: phone as Msisdn });
      await settleMoneyOut(simulator, kit);
      return kit.lipwa.payments.retrieve(payment.id);
    }

    it('reverses a completed payment: pending at once, then reversed, the hook and webhook once', async () => {
      const paid = await paymentFrom('254711000000');
      expect(paid.status).toBe('completed');

      const requested = await kit.lipwa.payments.refund(paid.id);
      expect(requested).toMatchObject({ status: 'pending', payment: { status: 'completed' } });
      await settleMoneyOut(simulator, kit);
      await settleMoneyOut(simulator, kit);

      expect((await kit.lipwa.payments.retrieve(paid.id)).status).toBe('reversed');
      expect(kit.finals.map((event) => event.status)).toEqual(['completed', 'reversed']);
      await kit.sendWebhooksOnce();
      await kit.sendWebhooksOnce();
      expect(webhookTypes).toEqual(['payment.reversed']);
      const kinds = (await kit.store.events(paid.id)).map((event) => event.kind);
      expect(kinds.filter((kind) => kind === 'refund_requested')).toHaveLength(1);
    });

    it('refuses a second refund: refund_pending while pending, already_reversed after', async () => {
      const paid = await paymentFrom('254711000000');
      await kit.lipwa.payments.refund(paid.id);

      expect(await refusalOf(kit.lipwa.payments.refund(paid.id))).toBe('refund_pending');
      await settleMoneyOut(simulator, kit);
      expect(await refusalOf(kit.lipwa.payments.refund(paid.id))).toBe('already_reversed');
    });

    it('refuses to refund a payment that is not completed, sending nothing', async () => {
      const failed = await paymentFrom('254711000001');
      expect(failed.status).toBe('failed');
      provider.requests.length = 0;

      expect(await refusalOf(kit.lipwa.payments.refund(failed.id))).toBe('not_completed');
      expect(provider.requests).toEqual([]);
    });
  },
);
