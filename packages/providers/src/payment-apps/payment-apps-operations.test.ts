import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ScriptedAnswer, scriptedFetch } from '../common/test-scripted-fetch.js';
import { parseAccountBalance } from './money-out.js';
import { paymentApps } from './payment-apps-adapter.js';
import { credentials } from './test-payloads.js';

const BASE = 'https://pay.example.co.ke';

function setup() {
  const wire = scriptedFetch();
  const adapter = paymentApps({
    ...credentials,
    baseUrl: BASE,
    payoutApp: 3,
    fetch: wire.fetch,
    clock: { now: () => Date.UTC(2026, 2, 15, 11, 30) },
  });
  return { wire, adapter };
}

const wrapped = (data: unknown, extra: Record<string, unknown> = {}): ScriptedAnswer => ({
  status: 200,
  body: { data, status: 'success', ...extra },
});

const record = (overrides: Record<string, unknown> = {}) => ({
  id: 42,
  payer_account: '254712345678',
  payer_name: 'JOHN DOE',
  payee_account: '174379',
  payee_name: 'My Business',
  reference: 'INV-2026-001',
  transaction_id: 'QJI3R7GXWV',
  amount: '100.00',
  currency: 'KES',
  status: 'STATUS_COMPLETED',
  transaction_type: 'PAYMENT_IN',
  ...overrides,
});

describe('Daraja’s AccountBalance text', () => {
  it('reads each account, negative charges included, as minor units', () => {
    expect(
      parseAccountBalance(
        'Working Account|KES|700000.00|700000.00|0.00|0.00&Charges Paid Account|KES|-1540.00|-1540.00|0.00|0.00',
      ),
    ).toEqual([
      {
        name: 'Working Account',
        current: { amount: 70_000_000, currency: 'KES' },
        available: { amount: 70_000_000, currency: 'KES' },
        reserved: { amount: 0, currency: 'KES' },
        uncleared: { amount: 0, currency: 'KES' },
      },
      expect.objectContaining({
        name: 'Charges Paid Account',
        current: { amount: -154_000, currency: 'KES' },
      }),
    ]);
  });

  it.each(['', 'Working Account|KES|lots|0|0|0', 'Working Account|KES|1.00|1.00'])(
    'refuses %j rather than guess a balance',
    (text) => {
      expect(parseAccountBalance(text)).toBeUndefined();
    },
  );
});

describe('payment-apps typed operations over a scripted gateway', () => {
  it('reads the documented transaction example, amount as Money', async () => {
    const { wire, adapter } = setup();
    wire.answer('GET /api/pay/1/transaction/42', { status: 200, body: { data: record() } });

    const transaction = await adapter.transactions.get('42');

    expect(wire.requests[0]?.headers.get('authorization')).toBe(`Bearer ${credentials.apiToken}`);
    expect(transaction).toMatchObject({
      id: '42',
      amount: { amount: 10_000, currency: 'KES' },
      receipt: 'QJI3R7GXWV',
      payer: { account: '254712345678', name: 'JOHN DOE' },
    });
  });

  it('reports a record with a zero amount as provider_unavailable, not as money', async () => {
    const { wire, adapter } = setup();
    wire.answer(
      'GET /api/pay/1/transaction/42',
      { status: 200, body: { data: record({ amount: '0.00' }) } },
      { status: 200, body: { data: record({ amount: '0.00' }) } },
    );

    await expect(adapter.transactions.get('42')).rejects.toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
    });
  });

  it('calls a timed-out payout ambiguous and does not repeat it; repeats a timed-out read once', async () => {
    const { wire, adapter } = setup();
    wire.answer('POST /api/pay/3/sendMoney', { kind: 'timeout' });
    wire.answer(
      'GET /api/pay/1/transaction/42',
      { kind: 'timeout' },
      { status: 200, body: { data: record() } },
    );

    await expect(
      adapter.b2c.send({ phone: '254712345678', amount: { amount: 50_000, currency: 'KES' } }),
    ).rejects.toMatchObject({ ambiguous: true, retryable: false });
    await expect(adapter.transactions.get('42')).resolves.toMatchObject({ id: '42' });
    expect(wire.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('reads a sendMoney answer with a ResponseCode other than "0" as a refusal', async () => {
    const { wire, adapter } = setup();
    wire.answer(
      'POST /api/pay/3/sendMoney',
      wrapped({
        ConversationID: 'AG_1',
        ResponseCode: '2001',
        ResponseDescription: 'Bad initiator',
      }),
    );

    await expect(
      adapter.b2c.send({ phone: '254712345678', amount: { amount: 50_000, currency: 'KES' } }),
    ).rejects.toMatchObject({ code: 'provider_rejected', providerCode: '2001' });
  });

  it('reports an unreadable AccountBalance instead of guessing', async () => {
    const { wire, adapter } = setup();
    wire.answer(
      'GET /api/pay/3/checkBalance',
      wrapped({ ConversationID: 'AG_1', ResponseCode: '0', AccountBalance: 'Working|lots' }),
    );

    await expect(adapter.balance.check()).rejects.toMatchObject({ code: 'provider_unavailable' });
  });

  it('gives the balance acceptance alone when the answer carries no AccountBalance', async () => {
    const { wire, adapter } = setup();
    wire.answer(
      'GET /api/pay/3/checkBalance',
      wrapped({ ConversationID: 'AG_1', ResponseCode: '0' }),
    );

    expect(await adapter.balance.check()).toEqual({
      conversationId: 'AG_1',
      originatorConversationId: undefined,
      accounts: undefined,
    });
  });

  it('never keeps a new token’s plain text in an error', async () => {
    const { wire, adapter } = setup();
    const plain = '7|abcdefghijklmnopqrstuvwxyz0123456789ABCD';
    wire.answer('POST /api/account/tokens', {
      status: 201,
      body: { data: { id: 'seven', name: 'x', abilities: ['*'], token: plain }, status: 'success' },
    });

    const error = await adapter.tokens.create({ name: 'x' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect(JSON.stringify((error as { details: unknown }).details)).not.toContain(
      plain.split('|')[1],
    );
  });

  it('reads extractTransaction’s amount given as text too', async () => {
    const { wire, adapter } = setup();
    wire.answer(
      'POST /api/pay/1/extractTransaction',
      wrapped({ transaction_id: 'QJI3R7GXWV', amount: '1500.50', status: 'STATUS_COMPLETED' }),
    );

    expect(await adapter.transactions.extract('QJI3R7GXWV Confirmed. …')).toMatchObject({
      amount: { amount: 150_050, currency: 'KES' },
    });
  });
});

describe('payment-apps webhooks.verify', () => {
  const sign = (body: string) =>
    createHmac('sha256', credentials.webhookSecret).update(body).digest('hex');
  const input = (rawBody: string, signature = sign(rawBody)) => ({
    method: 'POST',
    headers: { 'x-salami-signature': signature },
    rawBody,
    query: {},
    params: {},
  });

  it('reads a payout webhook as a typed PAYMENT_OUT with Lipwa’s outcome', async () => {
    const { adapter } = setup();
    const body = JSON.stringify({
      ...record({ transaction_type: 'PAYMENT_OUT', transaction_sub_type: 'BusinessPayment' }),
      status: 'STATUS_FAILED',
      result_code: '1',
      result_desc: 'The balance is insufficient for the transaction.',
    });

    const event = await adapter.webhooks.verify(input(body));

    expect(event.transaction.type).toBe('PAYMENT_OUT');
    expect(event.outcome).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
    expect(event.response).toEqual({ status: 200, body: { received: true } });
  });

  it('refuses a webhook whose signature does not match the raw body', async () => {
    const { adapter } = setup();
    const body = JSON.stringify(record());

    await expect(
      adapter.webhooks.verify(input(body.replace('100.00', '999.00'), sign(body))),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses a signed body that is not a transaction record', async () => {
    const { adapter } = setup();

    await expect(adapter.webhooks.verify(input('{"hello":"world"}'))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });
});
