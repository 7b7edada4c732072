import { CallbackError, type CallbackInput } from '@lipwa/core';
import { paymentAppsSignature } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import { paymentApps } from './payment-apps-adapter.js';
import { credentials, webhookRecord } from './test-payloads.js';
import { setupPaymentApps } from './test-setup.js';

function signed(rawBody: string, secret: string = credentials.webhookSecret): CallbackInput {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-salami-signature': paymentAppsSignature(secret, rawBody),
    },
    rawBody,
    query: {},
    params: { provider: 'payment-apps' },
  };
}

function adapter() {
  return paymentApps(setupPaymentApps().options);
}

async function refusal(input: CallbackInput): Promise<CallbackError> {
  const error = await adapter()
    .verifyCallback(input)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(CallbackError);
  return error as CallbackError;
}

describe('verifyCallback: signature', () => {
  it('accepts a webhook signed over its exact bytes and answers 200', async () => {
    const result = await adapter().verifyCallback(signed(JSON.stringify(webhookRecord())));

    expect(result.response).toEqual({ status: 200, body: { received: true } });
    expect(result.updates).toHaveLength(1);
  });

  it('accepts the signature in upper-case hex', async () => {
    const input = signed(JSON.stringify(webhookRecord()));
    const upper = {
      ...input,
      headers: {
        ...input.headers,
        'x-salami-signature': input.headers['x-salami-signature']?.toUpperCase(),
      },
    };

    expect((await adapter().verifyCallback(upper)).updates).toHaveLength(1);
  });

  it('refuses a webhook whose signature does not match the raw body', async () => {
    const genuine = signed(
      JSON.stringify(webhookRecord({ status: 'STATUS_FAILED', result_code: '1' })),
    );
    const tampered = {
      ...genuine,
      rawBody: genuine.rawBody.replace('STATUS_FAILED', 'STATUS_COMPLETED'),
    };

    const error = await refusal(tampered);

    expect(error.code).toBe('invalid_signature');
    expect(error.message).toContain('exact bytes');
  });

  it('refuses a webhook re-serialised after parsing (whitespace changed)', async () => {
    const raw = JSON.stringify(webhookRecord(), null, 2);
    const genuine = signed(raw);

    const error = await refusal({ ...genuine, rawBody: JSON.stringify(JSON.parse(raw)) });

    expect(error.code).toBe('invalid_signature');
  });

  it('refuses a webhook signed with another secret', async () => {
    const error = await refusal(signed(JSON.stringify(webhookRecord()), 'someone-elses-secret'));

    expect(error.code).toBe('invalid_signature');
  });

  it.each([
    ['missing', undefined],
    ['blank', '  '],
    ['not hex', 'z'.repeat(64)],
    ['too short', 'ab12'],
  ])('refuses a webhook whose signature is %s', async (_what, signature) => {
    const input = signed(JSON.stringify(webhookRecord()));

    const error = await refusal({
      ...input,
      headers: { ...input.headers, 'x-salami-signature': signature },
    });

    expect(error.code).toBe('invalid_signature');
  });

  it('refuses anything but POST', async () => {
    const error = await refusal({ ...signed('{}'), method: 'GET' });

    expect(error.code).toBe('invalid_callback');
  });

  it('never echoes the webhook secret', async () => {
    const error = await refusal(signed(JSON.stringify(webhookRecord()), 'other'));

    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(
      credentials.webhookSecret,
    );
  });
});

describe('verifyCallback: the transaction record', () => {
  it('maps a completed transaction: Salami id, receipt, amount as Money, masked phone, time', async () => {
    const { updates } = await adapter().verifyCallback(signed(JSON.stringify(webhookRecord())));

    expect(updates).toEqual([
      {
        providerRef: '42',
        status: 'completed',
        providerCode: '0',
        message: 'The service request is processed successfully.',
        receipt: 'QJI3R7GXWV',
        amount: { amount: 10_000, currency: 'KES' },
        phone: '2547•••••678',
        paidAt: '2026-03-15T14:30:00.000Z',
      },
    ]);
  });

  it.each([
    ['STATUS_FAILED', '1', 'failed', 'insufficient_funds'],
    ['STATUS_FAILED', '2001', 'failed', 'wrong_pin'],
    ['STATUS_DECLINED', '1032', 'cancelled', 'cancelled_by_user'],
    ['STATUS_FAILED', '1037', 'failed', 'no_response'],
  ])(
    'maps %s with result code %s to %s / %s, with no receipt or amount',
    async (status, code, expected, reason) => {
      const body = JSON.stringify(
        webhookRecord({ status, result_code: code, transaction_id: null }),
      );

      const { updates } = await adapter().verifyCallback(signed(body));

      expect(updates).toEqual([
        expect.objectContaining({
          providerRef: '42',
          status: expected,
          reason,
          providerCode: code,
        }),
      ]);
      expect(updates[0]).not.toHaveProperty('receipt');
      expect(updates[0]).not.toHaveProperty('amount');
    },
  );

  it('reads the amount as a number too', async () => {
    const { updates } = await adapter().verifyCallback(
      signed(JSON.stringify(webhookRecord({ amount: 99.5 }))),
    );

    expect(updates[0]?.amount).toEqual({ amount: 9_950, currency: 'KES' });
  });

  it('reads a record wrapped in { data } like the gateway’s other answers', async () => {
    const { updates } = await adapter().verifyCallback(
      signed(JSON.stringify({ data: webhookRecord() })),
    );

    expect(updates[0]).toMatchObject({ providerRef: '42', status: 'completed' });
  });

  it('acknowledges, but does not apply, money going out or another app’s transaction', async () => {
    const out = await adapter().verifyCallback(
      signed(JSON.stringify(webhookRecord({ transaction_type: 'PAYMENT_OUT' }))),
    );
    const otherApp = await adapter().verifyCallback(
      signed(JSON.stringify(webhookRecord({ app_id: 7 }))),
    );

    expect(out).toEqual({ updates: [], response: { status: 200, body: { received: true } } });
    expect(otherApp.updates).toEqual([]);
  });

  it('leaves a contradictory record pending rather than completing it', async () => {
    const { updates } = await adapter().verifyCallback(
      signed(JSON.stringify(webhookRecord({ status: 'STATUS_COMPLETED', result_code: '1032' }))),
    );

    expect(updates[0]?.status).toBe('pending');
  });

  it.each([
    ['not JSON', 'not json'],
    ['no id', JSON.stringify(webhookRecord({ id: undefined }))],
    ['no status', JSON.stringify(webhookRecord({ status: undefined }))],
    [
      'a completed record without a receipt',
      JSON.stringify(webhookRecord({ transaction_id: null })),
    ],
    ['a completed record without an amount', JSON.stringify(webhookRecord({ amount: null }))],
    ['a negative amount', JSON.stringify(webhookRecord({ amount: '-5.00' }))],
    [
      'an unreadable transaction_time',
      JSON.stringify(webhookRecord({ transaction_time: 'yesterday' })),
    ],
  ])('refuses a signed but malformed webhook: %s', async (_what, body) => {
    const error = await refusal(signed(body));

    expect(error.code).toBe('invalid_callback');
  });
});
