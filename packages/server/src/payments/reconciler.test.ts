import { describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';

async function pendingKit(overrides: Parameters<typeof setupKit>[0] = {}) {
  const kit = setupKit({
    reconcile: {
      firstQueryAfterMs: 20_000,
      maxIntervalMs: 30_000,
      promptTimeoutMs: 90_000,
      graceMs: 30_000,
    },
    ...overrides,
  });
  const token = await kit.session();
  const { payment } = await kit.startPayment(token, { phone: '0708374149' });
  const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
  return { ...kit, payment, providerRef };
}

describe('reconciliation', () => {
  it('does not ask the provider before firstQueryAfterMs', async () => {
    const kit = await pendingKit();
    kit.clock.advance(19_000);

    await kit.reconcileOnce();

    expect(kit.adapter.queried).toEqual([]);
  });

  it('completes a payment whose callback never came through a status query', async () => {
    const kit = await pendingKit();
    kit.adapter.onQuery = async (providerRef) => ({
      providerRef,
      status: 'completed',
      providerCode: '0',
      receipt: 'NLJ7RT61SV',
    });
    kit.clock.advance(20_000);

    await kit.reconcileOnce();

    expect(kit.adapter.queried).toEqual([kit.providerRef]);
    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'completed',
      decidedBy: 'provider',
    });
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
  });

  it('backs off between queries while the provider still says pending', async () => {
    const kit = await pendingKit();
    kit.clock.advance(20_000);
    await kit.reconcileOnce();
    kit.clock.advance(4_000);
    await kit.reconcileOnce();
    kit.clock.advance(1_000);
    await kit.reconcileOnce();
    kit.clock.advance(9_000);
    await kit.reconcileOnce();
    kit.clock.advance(1_000);
    await kit.reconcileOnce();

    // Queried at 20 s, then 5 s later, then 10 s after that.
    expect(kit.adapter.queried).toHaveLength(3);
  });

  it('retries after a query error on a later pass and logs it', async () => {
    const kit = await pendingKit();
    kit.adapter.onQuery = async () => {
      throw new Error('socket hang up');
    };
    kit.clock.advance(20_000);

    await kit.reconcileOnce();
    kit.adapter.onQuery = async (providerRef) => ({ providerRef, status: 'completed' });
    kit.clock.advance(5_000);
    await kit.reconcileOnce();

    expect(kit.logger.entries.some((entry) => entry.message.includes('Status query failed'))).toBe(
      true,
    );
    expect((await kit.store.get(kit.payment.id))?.status).toBe('completed');
  });

  it('expires a payment by deadline when no verdict arrives within the prompt window and grace', async () => {
    const kit = await pendingKit();
    kit.clock.advance(119_000);
    await kit.reconcileOnce();
    const before = (await kit.store.get(kit.payment.id))?.status;

    kit.clock.advance(1_000);
    await kit.reconcileOnce();

    expect(before).toBe('pending');
    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'expired',
      decidedBy: 'deadline',
      reason: 'no_response',
    });
    expect(kit.finals).toEqual([expect.objectContaining({ status: 'expired' })]);
  });

  it('expires payments of a provider without query at the deadline', async () => {
    const kit = await pendingKit();
    Reflect.deleteProperty(kit.adapter, 'query');
    kit.clock.advance(120_000);

    await kit.reconcileOnce();

    expect((await kit.store.get(kit.payment.id))?.status).toBe('expired');
  });

  it('lets a late success complete a payment that expired by our deadline, and tells the hook', async () => {
    const kit = await pendingKit();
    kit.clock.advance(120_000);
    await kit.reconcileOnce();
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    await kit.handleCallback('daraja', token, {
      headers: {},
      rawBody: darajaSuccess(kit.providerRef, 1500),
    });

    expect(await kit.store.get(kit.payment.id)).toMatchObject({
      status: 'completed',
      receipt: 'NLJ7RT61SV',
    });
    expect(kit.finals.map((event) => event.status)).toEqual(['expired', 'completed']);
  });

  it('applies a transition once when a callback and the reconciler race', async () => {
    const kit = await pendingKit();
    kit.adapter.onQuery = async (providerRef) => ({ providerRef, status: 'completed' });
    kit.clock.advance(20_000);
    const { token } = callbackPath(kit.adapter.lastCallbackUrl());

    await Promise.all([
      kit.reconcileOnce(),
      kit.handleCallback('daraja', token, {
        headers: {},
        rawBody: darajaSuccess(kit.providerRef, 1500),
      }),
    ]);

    expect(kit.finals).toHaveLength(1);
    const transitions = (await kit.store.events(kit.payment.id)).filter(
      (event) => event.kind === 'transition',
    );
    expect(transitions).toHaveLength(1);
  });
});
