/**
 * `lipwa.payments.refund(id)` over real HTTP, Daraja's own cases (the contract every provider
 * passes is in `refund-conformance.simulator.test.ts`): the kit on the real `daraja()` adapter asks the
 * simulator for a reversal, whose result reaches the kit's `/refunds/...` route and turns the
 * payment `reversed`.
 */
import type { Msisdn } from '@lipwa/core';
import { daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';

const TOKEN = 'tok_results_5b2e8f1a9c';

let simulator: RunningSimulator;
let kit: Kit & { url: string; close(): Promise<void> };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  kit = await servedKit({
    providers: [daraja({ ...simulator.daraja, callbackToken: TOKEN })],
    resultsToken: TOKEN,
  });
});

afterEach(async () => {
  await deliverDue(simulator);
  await kit.close();
  simulator.control.reset();
});

async function paymentFrom(phone: string, reference = 'ORDER-1') {
  const { payment } = await kit.startPayment(await kit.session({ reference }), {
    phone: phone as Msisdn,
  });
  await deliverDue(simulator);
  return kit.lipwa.payments.retrieve(payment.id);
}

async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return (error as { details?: { refusal?: unknown } } | undefined)?.details?.refusal;
}

describe('lipwa.payments.refund', () => {
  it('sends one request when two refunds race', async () => {
    const paid = await paymentFrom('254711000000');
    const results = await Promise.allSettled([
      kit.lipwa.payments.refund(paid.id),
      kit.lipwa.payments.refund(paid.id),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    await deliverDue(simulator);
    expect(kit.finals.filter((event) => event.status === 'reversed')).toHaveLength(1);
  });

  it('refuses an unknown payment as payment_not_found', async () => {
    await expect(kit.lipwa.payments.refund('pay_nope')).rejects.toMatchObject({
      code: 'payment_not_found',
    });
  });

  it('refuses a forged result (wrong token) and keeps the payment completed', async () => {
    const paid = await paymentFrom('254711000000');
    const forged = await fetch(`${kit.url}/refunds/daraja/${paid.id}/tok_forged_000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Result: { ResultCode: 0, ResultDesc: 'ok' } }),
    });

    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await kit.lipwa.payments.retrieve(paid.id)).status).toBe('completed');
  });
});

describe('lipwa.payments.refund where the provider cannot reverse', () => {
  it('refuses with not_supported before sending anything', async () => {
    const noInitiator = await servedKit({
      providers: [
        daraja({
          ...simulator.daraja,
          callbackToken: TOKEN,
          initiatorName: undefined,
          securityCredential: undefined,
        } as never),
      ],
      resultsToken: TOKEN,
    });
    try {
      const { payment } = await noInitiator.startPayment(await noInitiator.session(), {
        phone: '254711000000' as Msisdn,
      });
      await deliverDue(simulator);
      expect((await noInitiator.lipwa.payments.retrieve(payment.id)).status).toBe('completed');
      expect(await refusalOf(noInitiator.lipwa.payments.refund(payment.id))).toBe('not_supported');
    } finally {
      await noInitiator.close();
    }
  });
});
