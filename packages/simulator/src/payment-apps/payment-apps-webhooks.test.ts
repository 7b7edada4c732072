/**
 * The payment-apps gateway's webhooks to the dashboard-registered URL: what they carry and how
 * they are signed.
 */
import { describe, expect, it } from 'vitest';
import { paymentAppsSandbox } from './sandbox.js';
import { paymentAppsSignature } from './signature.js';
import {
  logs,
  receiver,
  requestPayment,
  settled,
  sim,
  startSimulatorForEachTest,
  statusOf,
  webhookBodies,
} from './test-payment-apps-simulator.js';

startSimulatorForEachTest();

describe('webhooks to the dashboard-registered URL', () => {
  it('posts the settled transaction record, signed with X-Salami-Signature over the raw body', async () => {
    const accepted = await requestPayment('254711000000');
    await settled();

    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    expect(webhook?.path).toBe('/lipwa/callbacks/payment-apps');
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(webhook?.headers['x-salami-signature']).toBe(
      paymentAppsSignature(paymentAppsSandbox.webhookSecret, webhook?.rawBody ?? ''),
    );
    expect(JSON.parse(webhook?.rawBody ?? '')).toEqual({
      id: accepted.id,
      payer_account: '254711000000',
      payer_name: null,
      payee_account: '174379',
      payee_name: 'Lipwa Simulator Shop',
      reference: 'ORDER1042',
      transaction_id: expect.stringMatching(/^UCF[A-Z0-9]{7}$/),
      amount: '1500.00',
      currency: 'KES',
      transaction_time: '2026-03-15T11:30:00.000000Z',
      narration: 'Shoes',
      status: 'STATUS_COMPLETED',
      transaction_type: 'PAYMENT_IN',
      transaction_sub_type: 'CustomerPayBillOnline',
      payment_provider: 'MpesaKeExpress',
      app_id: 1,
      created_at: '2026-03-15T11:30:00.000000Z',
      updated_at: '2026-03-15T11:30:00.000000Z',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
    });
  });

  it.each([
    ['254711000001', 'STATUS_FAILED', '1'],
    ['254711002001', 'STATUS_FAILED', '2001'],
    ['254711000032', 'STATUS_DECLINED', '1032'],
    ['254711000037', 'STATUS_FAILED', '1037'],
  ])('says the outcome for %s as %s with result code %s', async (phone, status, code) => {
    const accepted = await requestPayment(phone);
    await settled();
    const queried = await statusOf(accepted.id);

    expect(webhookBodies()).toEqual([
      expect.objectContaining({ id: accepted.id, status, result_code: code, transaction_id: null }),
    ]);
    expect(queried.body).toMatchObject({ data: { ResultCode: code }, status: 'success' });
  });

  it('sends nothing for 254711000099, though the status check knows it was paid', async () => {
    const accepted = await requestPayment('254711000099');
    await settled();

    expect(receiver.received).toHaveLength(0);
    expect((await statusOf(accepted.id)).body).toMatchObject({ data: { ResultCode: '0' } });
  });

  it('sends the same signed webhook twice for 254711000098', async () => {
    await requestPayment('254711000098');
    await settled();

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.rawBody).toBe(receiver.received[0]?.rawBody);
    expect(receiver.received[1]?.headers['x-salami-signature']).toBe(
      receiver.received[0]?.headers['x-salami-signature'],
    );
  });

  it('sends nothing, and logs why, when no webhook URL is registered', async () => {
    sim.control.setWebhookUrl('payment-apps', undefined);

    await requestPayment('254711000000');
    await settled();

    expect(receiver.received).toHaveLength(0);
    expect(logs.some((line) => line.includes('no webhook URL registered'))).toBe(true);
  });

  it('settles an unanswered prompt as STATUS_FAILED 1037 when it times out', async () => {
    const accepted = await requestPayment('254708374149');

    await sim.control.advance(60_000);

    expect(webhookBodies()).toEqual([
      expect.objectContaining({ id: accepted.id, status: 'STATUS_FAILED', result_code: '1037' }),
    ]);
  });

  it('never logs the phone number unmasked', async () => {
    await requestPayment('254711000000');
    await settled();

    expect(logs.join('\n')).not.toContain('254711000000');
  });
});
