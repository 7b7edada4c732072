/**
 * `lipwa.payouts.send` over real HTTP, Daraja's own cases (the contract every provider passes is in
 * `payout-conformance.simulator.test.ts`): the kit on the real `daraja()` adapter sends a B2C
 * payment to the simulator, whose result reaches the kit's `/payouts/...` route.
 */
import { daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, kes, servedKit } from '../paybill/test-served-kit.js';
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
  await deliverDue(simulator);
  await kit.close();
  simulator.control.reset();
});

describe('lipwa.payouts.send', () => {
  it('refuses a reference reused for a different payout', async () => {
    await kit.lipwa.payouts.send({ phone: '254708374149', amount: kes(500), reference: 'R-2' });
    await expect(
      kit.lipwa.payouts.send({ phone: '254708374149', amount: kes(600), reference: 'R-2' }),
    ).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });

  it('refuses a forged result (wrong token): the settled payout is unchanged', async () => {
    const sent = await kit.lipwa.payouts.send({
      phone: '254708374149',
      amount: kes(500),
      reference: 'R-5',
    });
    await deliverDue(simulator);
    const before = await kit.lipwa.payouts.retrieve(sent.id);
    const forged = await fetch(`${kit.url}/payouts/daraja/${sent.id}/tok_forged_000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Result: { ResultCode: 2001, ResultDesc: 'forged' } }),
    });

    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await kit.lipwa.payouts.retrieve(sent.id)).toEqual(before);
  });
});
