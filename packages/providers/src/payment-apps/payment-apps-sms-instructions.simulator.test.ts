/**
 * The payment-apps adapter's SMS extraction, C2B simulation and payment instructions against
 * @lipwa/simulator over real HTTP.
 */
import { type CallbackInput, ValidationError } from '@lipwa/core';
import { paymentAppsSandboxApps as apps } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  EXAMPLE_SMS,
  events,
  fault,
  KES,
  rejectionOf,
  sent,
  startWorldForEachTest,
  world,
} from './test-payment-apps-operations.js';

startWorldForEachTest();

describe('payment-apps SMS extraction, simulation and instructions against the simulator', () => {
  it('extracts the document’s SMS into a typed transaction; the same SMS gives the same one', async () => {
    const first = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });
    const second = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });

    expect(first).toEqual({
      id: expect.stringMatching(/^\d+$/),
      receipt: 'QJI3R7GXWV',
      amount: KES(100),
      payerName: 'JOHN DOE',
      payerAccount: '0712345678',
      transactionTime: '2026-03-15T11:30:00.000000Z',
      status: 'STATUS_COMPLETED',
      type: 'PAYMENT_IN',
    });
    expect(second).toEqual(first);
  });

  it('reports an SMS the gateway cannot read as its 422, with the field', async () => {
    const error = await rejectionOf(
      adapter.transactions.extract(`Fwd: ${EXAMPLE_SMS}`, { app: apps.personal }),
    );

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '422',
      details: { fields: ['message'] },
    });
  });

  it('sends an extraction again after a 500: the same SMS cannot make two records', async () => {
    fault({ operation: 'api', kind: 'http', status: 500 });

    const extracted = await adapter.transactions.extract(EXAMPLE_SMS, { app: apps.personal });

    expect(extracted.receipt).toBe('QJI3R7GXWV');
    expect(sent).toHaveLength(2);
  });

  it('refuses an empty SMS before sending', async () => {
    await expect(adapter.transactions.extract('  ')).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('simulates a C2B payment on the sandbox paybill: its webhook is typed, and not the checkout’s', async () => {
    const simulated = await adapter.transactions.simulate(
      { phone: '254708374149', amount: KES(100), reference: 'TEST001' },
      { app: apps.c2b },
    );
    const [event] = await events();
    const checkout = await adapter.verifyCallback(world.received()[0] as CallbackInput);

    expect(simulated.transactionId).toMatch(/^\d+$/);
    expect(event?.transaction).toMatchObject({
      id: simulated.transactionId,
      appId: String(apps.c2b),
      type: 'PAYMENT_IN',
      reference: 'TEST001',
      amount: KES(100),
    });
    expect(checkout.updates).toEqual([]);
  });

  it('reports a simulation on a live app as a refusal', async () => {
    const error = await rejectionOf(
      adapter.transactions.simulate(
        { phone: '254708374149', amount: KES(100), reference: 'TEST001' },
        { app: apps.liveC2b },
      ),
    );

    expect(error).toMatchObject({ code: 'provider_rejected', reason: 'not_permitted' });
  });

  it('returns the payment instructions page as HTML', async () => {
    const simulated = await adapter.transactions.simulate(
      { phone: '254708374149', amount: KES(1500), reference: 'INV42' },
      { app: apps.c2b },
    );

    const html = await adapter.transactions.instructions(simulated.transactionId ?? '', {
      app: apps.c2b,
    });

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('account number <b>INV42</b>');
  });
});
