/**
 * Daraja's transaction status, reversal and account balance against @lipwa/simulator over real
 * HTTP.
 */
import type { Msisdn } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  errorOf,
  first,
  kes,
  results,
  resultUrls,
  settle,
  setupAdapter,
  shop,
  sim,
  startSimulatorAndShop,
} from './test-daraja-operations.js';

startSimulatorAndShop();

/** An STK payment that completed, with its receipt. */
async function paidByStk(shillings = 1500): Promise<string> {
  const started = await adapter.initiate({
    paymentId: 'pay_stk_for_ops',
    amount: kes(shillings),
    phone: '254711000000' as Msisdn,
    reference: 'ORDER1042',
    callbackUrl: `${shop.origin}/lipwa/callbacks/daraja/tok_stk_0123456789`,
  });
  await settle();
  const [callback] = shop.to('/callbacks/daraja/tok_stk');
  if (!callback) throw new Error('no STK callback');
  const { updates } = await adapter.verifyCallback(callback);
  expect(updates[0]).toMatchObject({ providerRef: started.providerRef, status: 'completed' });
  shop.received.length = 0;
  return updates[0]?.receipt as string;
}

function fail(): never {
  throw new Error('expected a request from the simulator');
}

describe('transaction status, reversal and balance against the simulator', () => {
  it('reads a completed STK payment by its receipt', async () => {
    const receipt = await paidByStk(1500);

    await adapter.transactionStatus.query({ transactionId: receipt, ...resultUrls() });
    await settle();

    expect(adapter.transactionStatus.parseResult(first(results()))).toMatchObject({
      ok: true,
      receipt,
      transactionStatus: 'Completed',
      status: 'completed',
      amount: kes(1500),
      reasonType: 'Pay Bill Online',
    });
  });

  it('answers R000002 for a receipt it never issued', async () => {
    await adapter.transactionStatus.query({ transactionId: 'NLJ0000000', ...resultUrls() });
    await settle();

    expect(adapter.transactionStatus.parseResult(first(results()))).toMatchObject({
      ok: false,
      resultCode: 'R000002',
    });
  });

  it('reverses a payment once: completed, the status reads Reversed, a second reversal is R000001', async () => {
    const receipt = await paidByStk(1500);

    await adapter.reversal.request({ transactionId: receipt, amount: kes(1500), ...resultUrls() });
    await adapter.reversal.request({ transactionId: receipt, amount: kes(1500), ...resultUrls() });
    await adapter.transactionStatus.query({ transactionId: receipt, ...resultUrls() });
    await settle();
    const [reversalInput, againInput, statusInput] = results();
    const reversal = adapter.reversal.parseResult(reversalInput ?? fail());
    const again = adapter.reversal.parseResult(againInput ?? fail());
    const status = adapter.transactionStatus.parseResult(statusInput ?? fail());

    expect(reversal).toMatchObject({
      ok: true,
      status: 'completed',
      originalTransactionId: receipt,
      amount: kes(1500),
      debitAccountBalance: { name: 'Utility Account', available: kes(500_000) },
    });
    expect(again).toMatchObject({ ok: false, resultCode: 'R000001', reason: 'duplicate_request' });
    expect(status).toMatchObject({ transactionStatus: 'Reversed', status: 'reversed' });
  });

  it('refuses a reversal for another amount, and answers R000002 for an unknown transaction', async () => {
    const receipt = await paidByStk(1500);

    const partial = await errorOf(
      adapter.reversal.request({ transactionId: receipt, amount: kes(100), ...resultUrls() }),
    );
    await adapter.reversal.request({
      transactionId: 'NLJ0000000',
      amount: kes(100),
      ...resultUrls(),
    });
    await settle();

    expect(partial).toMatchObject({ code: 'provider_rejected', providerCode: '400.002.02' });
    expect(adapter.reversal.parseResult(first(results()))).toMatchObject({
      resultCode: 'R000002',
      reason: 'not_permitted',
    });
  });

  it('reads the accounts: collections in, payouts out', async () => {
    await paidByStk(1500);
    await adapter.b2c.send({ phone: '254708374149', amount: kes(500), ...resultUrls() });
    await settle();
    shop.received.length = 0;

    await adapter.balance.query(resultUrls());
    await settle();
    const balance = adapter.balance.parseResult(first(results()));

    expect(balance.ok).toBe(true);
    expect(
      balance.accounts.find((account) => account.name === 'Utility Account')?.available,
    ).toEqual(kes(501_000));
    expect(balance.accounts.map((account) => account.name)).toContain('Working Account');
  });

  it('reports a balance fault as provider_unavailable, and a wrong credential as 2001', async () => {
    sim.control.fault({ operation: 'balance', kind: 'http', status: 500 });
    const wrong = setupAdapter({ initiatorName: 'someone-else' });

    const error = await errorOf(adapter.balance.query(resultUrls()));
    await wrong.balance.query(resultUrls());
    await settle();

    expect(error.code).toBe('provider_unavailable');
    expect(wrong.balance.parseResult(first(results()))).toMatchObject({
      resultCode: '2001',
      accounts: [],
    });
  });
});
