/**
 * The payout reconciler on the kit's injected clock, over real HTTP: the kit on the real
 * `paymentApps()` adapter (results polled with getTransactionStatus) and `daraja()` (results
 * posted), the simulator playing both. The simulator's own clock never reaches its settle delay
 * unless a test moves it, so the providers keep every payout unsettled (and Daraja posts no
 * result): what the kit asks, and when, is all there is.
 */
import { daraja, paymentApps } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, kes, servedKit } from '../paybill/test-served-kit.js';
import type { Kit } from '../testing/test-harness.js';
import { PAYOUT_BATCH_SIZE } from './payout-reconciler.js';
import { createMemoryPayoutStore, type PayoutRecord } from './payout-store.js';

const TOKEN = 'tok_results_8b2e6f1a9c';
const NEVER_MS = 2_000_000_000;
/** The simulated gateway's per-token window (200 requests a minute) opens afresh after this. */
const NEXT_RATE_WINDOW_MS = 61_000;
const timing = { firstQueryAfterMs: 20_000, maxIntervalMs: 60_000, moneyOutReviewAfterMs: 600_000 };

let simulator: RunningSimulator;
let kit: (Kit & { url: string; close(): Promise<void> }) | undefined;
/** getTransactionStatus requests the payment-apps adapter made, by transaction id. */
let statusChecks: string[];
let sendMoneys: number;
/** Daraja B2C payment requests the kit sent. */
let b2cRequests: number;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, autoResolveDelayMs: NEVER_MS });
});

afterAll(async () => {
  await simulator.close();
});

afterEach(async () => {
  await kit?.close();
  kit = undefined;
  simulator.control.reset();
});

const watched: typeof fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const status = /\/getTransactionStatus\/?(\d+)?/.exec(url);
  if (status) statusChecks.push(status[1] ?? String(init?.body));
  if (url.includes('/sendMoney')) sendMoneys += 1;
  if (url.includes('/mpesa/b2c/')) b2cRequests += 1;
  return globalThis.fetch(input, init);
};

async function startKit(payoutStore = createMemoryPayoutStore()) {
  statusChecks = [];
  sendMoneys = 0;
  b2cRequests = 0;
  const started = await servedKit({
    providers: [
      daraja({ ...simulator.daraja, callbackToken: TOKEN, fetch: watched }),
      paymentApps({ ...simulator.paymentApps, fetch: watched }),
    ],
    resultsToken: TOKEN,
    payoutStore,
    reconcile: timing,
  });
  kit = started;
  return { kit: started, payoutStore };
}

function payout(index: number, provider: string, createdAt: number): PayoutRecord {
  return {
    id: `po_backlog_${index}`,
    reference: `BACKLOG-${index}`,
    provider,
    phone: '254708374149' as PayoutRecord['phone'],
    amount: kes(500),
    status: 'pending',
    requestId: `AG_backlog_${index}`,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

async function sendPolled(count: number) {
  const sent = [];
  for (let i = 0; i < count; i++) {
    sent.push(
      await kit?.lipwa.payouts.send({
        provider: 'payment-apps',
        phone: '254708374149',
        amount: kes(500),
        reference: `POLLED-${i}`,
      }),
    );
  }
  return sent.map((view) => view?.id ?? '');
}

describe('the payout reconciler', () => {
  it('asks about a polled payout however many older pending payouts await posted results', async () => {
    const { kit, payoutStore } = await startKit();
    // 150 Daraja payouts awaiting their posted results, all older than the polled one.
    for (let i = 0; i < 150; i++) {
      await payoutStore.create(payout(i, 'daraja', kit.clock.now()));
    }
    const [polled] = await sendPolled(1);

    kit.clock.advance(timing.firstQueryAfterMs);
    await kit.reconcileOnce();

    expect(statusChecks).toHaveLength(1);
    expect((await payoutStore.get(polled ?? ''))?.checkedAt).toBe(kit.clock.now());
  });

  it('asks only about payouts that are due', async () => {
    const { kit } = await startKit();
    await sendPolled(3);

    kit.clock.advance(timing.firstQueryAfterMs - 1);
    await kit.reconcileOnce();
    expect(statusChecks).toHaveLength(0);

    kit.clock.advance(1);
    await kit.reconcileOnce();
    await kit.reconcileOnce();
    expect(statusChecks).toHaveLength(3);
  });

  // 130 payouts sent and 200 status checks over HTTP: seconds on a loaded machine.
  it('takes at most a batch a pass, the longest-waiting first, so a backlog rotates and none starves', {
    timeout: 30_000,
  }, async () => {
    const { kit, payoutStore } = await startKit();
    const ids = await sendPolled(PAYOUT_BATCH_SIZE + 30);
    await simulator.control.advance(NEXT_RATE_WINDOW_MS);

    kit.clock.advance(timing.firstQueryAfterMs);
    await kit.reconcileOnce();
    expect(statusChecks).toHaveLength(PAYOUT_BATCH_SIZE);
    const unchecked = [];
    for (const id of ids)
      if ((await payoutStore.get(id))?.checkedAt === undefined) unchecked.push(id);
    expect(unchecked).toHaveLength(30);

    await simulator.control.advance(NEXT_RATE_WINDOW_MS);
    statusChecks = [];
    kit.clock.advance(timing.firstQueryAfterMs);
    await kit.reconcileOnce();

    expect(statusChecks).toHaveLength(PAYOUT_BATCH_SIZE);
    for (const id of ids) expect((await payoutStore.get(id))?.checkedAt).toBeDefined();
  });

  it('marks a polled payout never settled for review at the deadline: not failed, not sent again, logged with the phone masked', async () => {
    const { kit } = await startKit();
    const sentAt = kit.clock.now();
    const [id = ''] = await sendPolled(1);

    while (kit.clock.now() - sentAt + timing.maxIntervalMs < timing.moneyOutReviewAfterMs) {
      kit.clock.advance(timing.maxIntervalMs);
      await kit.reconcileOnce();
    }
    const before = await kit.lipwa.payouts.retrieve(id);
    const checksBefore = statusChecks.length;
    kit.clock.advance(timing.maxIntervalMs);
    await kit.reconcileOnce();
    await kit.reconcileOnce();

    expect(before.status).toBe('pending');
    expect(checksBefore).toBeGreaterThan(3);
    expect((await kit.lipwa.payouts.retrieve(id)).status).toBe('review');
    expect(sendMoneys).toBe(1);
    // Once in review it is no longer asked about.
    kit.clock.advance(timing.maxIntervalMs);
    await kit.reconcileOnce();
    expect(statusChecks.length).toBeLessThanOrEqual(checksBefore + 1);
    const logged = kit.logger.entries.filter((entry) =>
      entry.message.includes('marked for review'),
    );
    expect(logged).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ payoutId: id }) }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('254708374149');
    expect(JSON.stringify(logged)).toContain('•');
  });

  it('marks a Daraja payout whose result never came for review at the deadline: not failed, not sent again; the late result still settles it', async () => {
    const { kit } = await startKit();
    const sent = await kit.lipwa.payouts.send({
      provider: 'daraja',
      phone: '254708374149',
      amount: kes(500),
      reference: 'POSTED-1',
    });

    kit.clock.advance(timing.moneyOutReviewAfterMs - 1);
    await kit.reconcileOnce();
    const before = await kit.lipwa.payouts.retrieve(sent.id);
    kit.clock.advance(1);
    await kit.reconcileOnce();
    await kit.reconcileOnce();

    expect(before.status).toBe('pending');
    expect((await kit.lipwa.payouts.retrieve(sent.id)).status).toBe('review');
    expect(b2cRequests).toBe(1);
    const logged = kit.logger.entries.filter((entry) =>
      entry.message.includes('marked for review'),
    );
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ payoutId: sent.id, provider: 'daraja' }),
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('254708374149');

    // Daraja posts the result at last: the person checking gets the provider's word.
    await simulator.control.advance(NEVER_MS);
    await deliverDue(simulator);
    const settled = await kit.lipwa.payouts.retrieve(sent.id);
    expect(settled.status).toBe('completed');
    expect(settled.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(b2cRequests).toBe(1);
  });
});
