/**
 * The payout contract, proved the same way for every provider whose adapter offers `payouts`,
 * over real HTTP against the simulator: whether the provider posts its result to the kit
 * (Daraja) or keeps it to be asked for by the reconciler (payment-apps).
 */
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kes, servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';
import { moneyOutProviders, settleMoneyOut } from '../testing/test-money-out-providers.js';

const TOKEN = 'tok_results_8f2c6e1a3b';

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
});

afterAll(async () => {
  await simulator.close();
});

describe.each(moneyOutProviders)('lipwa.payouts.send on $id', (provider) => {
  let kit: Kit & { url: string; close(): Promise<void> };

  beforeEach(async () => {
    kit = await servedKit({
      providers: [provider.adapter(simulator, TOKEN)],
      resultsToken: TOKEN,
    });
    provider.attach(simulator, kit.url);
    provider.requests.length = 0;
  });

  afterEach(async () => {
    await settleMoneyOut(simulator, kit);
    await kit.close();
    simulator.control.reset();
  });

  it('pays a customer: pending at once, completed with a receipt once the result is in', async () => {
    const sent = await kit.lipwa.payouts.send({
      phone: '0708 374 149',
      amount: kes(500),
      reference: 'C-PAY-1',
    });
    expect(sent).toMatchObject({ status: 'pending', phone: expect.not.stringContaining('374149') });
    await settleMoneyOut(simulator, kit);

    expect(await kit.lipwa.payouts.retrieve(sent.id)).toMatchObject({
      status: 'completed',
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });

  it('learns the outcome as the provider gives it: posted at once, or asked for once due', async () => {
    const results = provider.adapter(simulator, TOKEN).payouts?.results;
    const sent = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(700),
      reference: 'C-PAY-6',
    });
    await simulator.control.advance(0);
    await simulator.control.idle();
    const asked = () => provider.requests.filter((url) => url.includes('getTransactionStatus'));
    await kit.reconcileOnce();
    const beforeDue = await kit.lipwa.payouts.retrieve(sent.id);
    const askedBeforeDue = asked().length;
    kit.clock.advance(20_000);
    await kit.reconcileOnce();

    expect(beforeDue.status).toBe(results === 'callback' ? 'completed' : 'pending');
    expect(askedBeforeDue).toBe(0);
    expect((await kit.lipwa.payouts.retrieve(sent.id)).status).toBe('completed');
    expect(asked()).toHaveLength(results === 'poll' ? 1 : 0);
  });

  it('pays a reference once: sending it again returns the first payout and sends nothing', async () => {
    const first = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'C-PAY-2',
    });
    await settleMoneyOut(simulator, kit);
    const sentBefore = provider.requests.length;
    const again = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'C-PAY-2',
    });

    expect(again).toMatchObject({ id: first.id, status: 'completed' });
    expect(provider.requests).toHaveLength(sentBefore);
  });

  it('refuses an invalid phone before any request, leaving the reference free', async () => {
    await expect(
      kit.lipwa.payouts.send({ phone: '12345', amount: kes(500), reference: 'C-PAY-3' }),
    ).rejects.toMatchObject({ code: 'invalid_phone' });
    expect(provider.requests).toEqual([]);
  });

  it('refuses an amount above the provider’s limit before any request', async () => {
    await expect(
      kit.lipwa.payouts.send({
        phone: '254708374149',
        amount: kes(provider.aboveLimitKes),
        reference: 'C-PAY-4',
      }),
    ).rejects.toMatchObject({ code: 'invalid_amount', details: { field: 'amount' } });
    expect(provider.requests).toEqual([]);
  });
});

describe('lipwa.payouts.send without a provider that pays out', () => {
  it('refuses with not_supported, storing and sending nothing', async () => {
    const plain = await servedKit({ resultsToken: TOKEN });
    try {
      await expect(
        plain.lipwa.payouts.send({ phone: '254708374149', amount: kes(500), reference: 'C-5' }),
      ).rejects.toMatchObject({ details: { refusal: 'not_supported' } });
    } finally {
      await plain.close();
    }
  });
});
