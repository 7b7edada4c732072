/**
 * `lipwa.payouts.send` over real HTTP: the kit on the real `daraja()` adapter sends a B2C
 * payment to the simulator, whose result reaches the kit's `/payouts/...` route.
 */
import { daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';

const TOKEN = 'tok_results_3d7a1c9e4f';

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
  await settle();
  await kit.close();
  simulator.control.reset();
});

async function settle(): Promise<void> {
  await simulator.control.advance(0);
  await simulator.control.idle();
}

const kes = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

describe('lipwa.payouts.send', () => {
  it('pays a customer: pending at once, completed with a receipt when the result arrives', async () => {
    const sent = await kit.lipwa.payouts.send({
      phone: '0708 374 149',
      amount: kes(500),
      reference: 'REFUND-77',
    });
    expect(sent).toMatchObject({ status: 'pending', phone: expect.not.stringContaining('374149') });
    await settle();

    const settled = await kit.lipwa.payouts.retrieve(sent.id);
    expect(settled).toMatchObject({
      status: 'completed',
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });

  it('never pays a reference twice: sending it again returns the first payout', async () => {
    const first = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'R-1',
    });
    await settle();
    const again = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'R-1',
    });

    expect(again.id).toBe(first.id);
    expect(again.status).toBe('completed');
  });

  it('refuses a reference reused for a different payout', async () => {
    await kit.lipwa.payouts.send({ phone: '254708374149', amount: kes(500), reference: 'R-2' });
    await expect(
      kit.lipwa.payouts.send({ phone: '254708374149', amount: kes(600), reference: 'R-2' }),
    ).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });

  it('refuses an invalid phone before anything is stored or sent', async () => {
    await expect(
      kit.lipwa.payouts.send({ phone: '12345', amount: kes(500), reference: 'R-3' }),
    ).rejects.toMatchObject({ code: 'invalid_phone' });
    // The reference is still free.
    const sent = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'R-3',
    });
    expect(sent.status).toBe('pending');
  });

  it('refuses an amount above the provider’s limit without a request', async () => {
    await expect(
      kit.lipwa.payouts.send({ phone: '254708374149', amount: kes(250_001), reference: 'R-4' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^invalid_/) });
  });

  it('refuses a forged result (wrong token): the settled payout is unchanged', async () => {
    const sent = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'R-5',
    });
    await settle();
    const before = await kit.lipwa.payouts.retrieve(sent.id);
    const forged = await fetch(`${kit.url}/payouts/daraja/${sent.id}/tok_forged_000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Result: { ResultCode: 2001, ResultDesc: 'forged' } }),
    });

    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await kit.lipwa.payouts.retrieve(sent.id)).toEqual(before);
  });

  it('refuses with not_supported when no provider can pay out', async () => {
    const plain = await servedKit({ resultsToken: TOKEN });
    try {
      await expect(
        plain.lipwa.payouts.send({ phone: '254708374149', amount: kes(500), reference: 'R-6' }),
      ).rejects.toMatchObject({ details: { refusal: 'not_supported' } });
    } finally {
      await plain.close();
    }
  });
});
