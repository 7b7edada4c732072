import type { Msisdn } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type ScriptedAnswer, scriptedFetch } from '../common/test-scripted-fetch.js';
import { paymentApps } from './payment-apps-adapter.js';
import { credentials } from './test-payloads.js';

const BASE = 'https://pay.example.co.ke';
const KES = (shillings: number) => ({ amount: shillings * 100, currency: 'KES' });

function setup() {
  const wire = scriptedFetch();
  const adapter = paymentApps({
    ...credentials,
    baseUrl: BASE,
    payoutApp: 3,
    fetch: wire.fetch,
    clock: { now: () => Date.UTC(2026, 2, 15, 11, 30) },
  });
  const payouts = adapter.payouts;
  if (payouts?.results !== 'poll') throw new Error('payoutApp is set: polled payouts expected');
  return { wire, adapter, payouts };
}

const wrapped = (data: unknown): ScriptedAnswer => ({
  status: 200,
  body: { data, status: 'success' },
});

const accepted = (id?: number) =>
  wrapped({
    ...(id === undefined ? {} : { id }),
    ConversationID: 'AG_20260315_00004492b1b6f0af4f53',
    OriginatorConversationID: '16740-34861180-1',
    ResponseCode: '0',
    ResponseDescription: 'Accept the service request successfully.',
  });

const status = (result?: { code: string; receipt?: string; words: string }) =>
  wrapped({
    ResponseCode: '0',
    ConversationID: 'AG_20260315_00004492b1b6f0af4f53',
    TransactionID: result?.receipt ?? null,
    TransactionStatus: result?.words ?? 'Pending',
    ...(result ? { ResultCode: result.code, ResultDesc: 'from the driver' } : {}),
  });

const request = {
  payoutId: 'po_1',
  phone: '254708374149' as Msisdn,
  amount: KES(500),
  resultUrl: 'https://shop.example/unused',
};

describe('payment-apps payouts (the kit contract)', () => {
  it('sends sendMoney from the payout app and follows the record it made', async () => {
    const { wire, payouts } = setup();
    wire.answer('POST /api/pay/3/sendMoney', accepted(901));

    expect(await payouts.send(request)).toEqual({ requestId: '901' });
    expect(wire.requests[0]?.json).toMatchObject({ phone_number: '254708374149', amount: 500 });
    expect(payouts).toMatchObject({ results: 'poll', repeatable: false });
  });

  it('treats an accepted sendMoney without the record id as ambiguous: never sent again blindly', async () => {
    const { wire, payouts } = setup();
    wire.answer('POST /api/pay/3/sendMoney', accepted());

    await expect(payouts.send(request)).rejects.toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
    });
  });

  it('checks getTransactionStatus: nothing until a ResultCode, then completed or failed', async () => {
    const { wire, payouts } = setup();
    wire.answer(
      'GET /api/pay/3/getTransactionStatus/901',
      status(),
      status({ code: '0', receipt: 'QJI3R7GXWV', words: 'Completed' }),
      status({ code: '2001', words: 'Failed' }),
    );

    expect(await payouts.check('901')).toBeUndefined();
    expect(await payouts.check('901')).toMatchObject({
      ok: true,
      receipt: 'QJI3R7GXWV',
      providerCode: '0',
    });
    expect(await payouts.check('901')).toMatchObject({ ok: false, providerCode: '2001' });
  });
});

describe('payment-apps reversals (the kit contract)', () => {
  it('reverses the payment by its Salami id and follows the reversal record', async () => {
    const { wire, adapter } = setup();
    wire.answer('POST /api/pay/1/reverseTransaction/42', accepted(77));
    wire.answer(
      'GET /api/pay/1/getTransactionStatus/77',
      status({ code: '0', words: 'Completed' }),
    );
    const reversals = adapter.reversals;
    if (reversals.results !== 'poll') throw new Error('payment-apps reversals are polled');

    const sent = await reversals.request({
      receipt: 'QJI3R7GXWV',
      providerRef: '42',
      amount: KES(100),
      resultUrl: 'https://shop.example/unused',
    });

    expect(sent).toEqual({ requestId: '77' });
    expect(await reversals.check(sent.requestId)).toMatchObject({ ok: true, providerCode: '0' });
  });
});
