/**
 * Daraja's operations beyond the STK push, adapter against @lipwa/simulator over real HTTP on
 * 127.0.0.1: C2B URLs, validation and confirmation; B2C; transaction status; reversal; account
 * balance. Results and C2B requests reach a real merchant endpoint and are parsed from there.
 */
import type { Msisdn } from '@lipwa/core';
import { ProviderError } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MerchantEndpoint, startMerchantEndpoint } from '../testing/test-merchant-endpoint.js';
import { type DarajaAdapter, daraja } from './daraja-adapter.js';
import type { DarajaOptions } from './daraja-options.js';

const TOKEN = 'tok_results_9c1f4a7e2d';
/** Accounts the shop knows; validation refuses any other. */
const knownAccounts = new Set(['ORDER1042']);
/** How the shop's validation endpoint behaves in the current test. */
let validationMode: 'decide' | 'broken' = 'decide';

let sim: RunningSimulator;
let shop: MerchantEndpoint;
let adapter: DarajaAdapter;

function setupAdapter(overrides: Partial<DarajaOptions> = {}): DarajaAdapter {
  return daraja({ ...sim.daraja, callbackToken: TOKEN, ...overrides });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
  shop = await startMerchantEndpoint((input, path) => {
    if (!path.includes('/daraja-validate/'))
      return { status: 200, body: adapter.c2b.acknowledge().body };
    if (validationMode === 'broken') return { status: 500, body: 'oops' };
    const payment = adapter.c2b.parseValidation(input);
    const answer = knownAccounts.has(payment.billRefNumber)
      ? adapter.c2b.accept()
      : adapter.c2b.reject('C2B00012');
    return { status: answer.status, body: answer.body };
  });
  adapter = setupAdapter();
});

afterAll(async () => {
  await sim.close();
  await shop.close();
});

afterEach(async () => {
  await settle();
  sim.control.reset();
  shop.received.length = 0;
  validationMode = 'decide';
});

/** Lets every result and C2B request the simulator owes arrive. */
async function settle(): Promise<void> {
  await sim.control.advance(0);
  await sim.control.idle();
}

const urls = {
  resultUrl: () => `${shop.origin}/lipwa/callbacks/daraja-result/${TOKEN}`,
  timeoutUrl: () => `${shop.origin}/lipwa/callbacks/daraja-timeout/${TOKEN}`,
};
const resultUrls = () => ({ resultUrl: urls.resultUrl(), timeoutUrl: urls.timeoutUrl() });

async function registerShop(responseType: 'Completed' | 'Cancelled' = 'Completed') {
  return adapter.c2b.registerUrls({
    confirmationUrl: `${shop.origin}/lipwa/callbacks/daraja-confirm/${TOKEN}`,
    validationUrl: `${shop.origin}/lipwa/callbacks/daraja-validate/${TOKEN}`,
    responseType,
  });
}

function kes(shillings: number) {
  return { amount: shillings * 100, currency: 'KES' };
}

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

/** The one request of a list, or a failure that says it never came. */
function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected a request from the simulator');
  return item;
}

function fail(): never {
  throw new Error('expected a request from the simulator');
}

function results() {
  return shop.to('/daraja-result/');
}

async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('C2B against the simulator', () => {
  it('registers URLs, then a paybill payment is validated, accepted and confirmed', async () => {
    const registered = await registerShop();

    const simulated = await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(1500),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const validation = first(shop.to('/daraja-validate/'));
    const confirmation = first(shop.to('/daraja-confirm/'));

    expect(registered.responseDescription).toBe('Success');
    expect(simulated.responseDescription).toBe('Accept the service request successfully.');
    const asked = adapter.c2b.parseValidation(validation);
    const paid = adapter.c2b.parseConfirmation(confirmation);
    expect(asked).toMatchObject({
      transactionType: 'Pay Bill',
      amount: kes(1500),
      billRefNumber: 'ORDER1042',
      businessShortCode: '174379',
      msisdn: '254708***149',
      orgAccountBalance: undefined,
    });
    expect(paid.transactionId).toBe(asked.transactionId);
    expect(paid.transactionId).toMatch(/^[A-Z0-9]{10}$/);
    expect(paid.orgAccountBalance?.amount).toBeGreaterThan(0);
  });

  it('takes nothing when validation refuses an unknown account (C2B00012)', async () => {
    await registerShop();

    await adapter.c2b.simulate({ phone: '254708374149', amount: kes(10), billRefNumber: 'NOPE1' });
    await settle();

    expect(shop.to('/daraja-validate/')).toHaveLength(1);
    expect(shop.to('/daraja-confirm/')).toHaveLength(0);
  });

  it.each([
    ['Completed', 1],
    ['Cancelled', 0],
  ] as const)(
    'lets ResponseType %s decide when validation has no usable answer',
    async (responseType, confirmations) => {
      await registerShop(responseType);
      validationMode = 'broken';

      await adapter.c2b.simulate({
        phone: '254708374149',
        amount: kes(10),
        billRefNumber: 'ORDER1042',
      });
      await settle();

      expect(shop.to('/daraja-confirm/')).toHaveLength(confirmations);
    },
  );

  it('pays a till without an account number', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(10),
      commandId: 'CustomerBuyGoodsOnline',
    });
    await settle();

    // Validation refuses the empty account, as the shop's rule says.
    expect(adapter.c2b.parseValidation(first(shop.to('/daraja-validate/')))).toMatchObject({
      transactionType: 'Buy Goods',
      billRefNumber: '',
    });
  });

  it('loses the confirmation for 254711000099 and sends it twice for 254711000098', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254711000099',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await adapter.c2b.simulate({
      phone: '254711000098',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const confirmations = shop
      .to('/daraja-confirm/')
      .map((input) => adapter.c2b.parseConfirmation(input));

    expect(shop.to('/daraja-validate/')).toHaveLength(2);
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]).toEqual(confirmations[0]);
  });

  it('sends nothing for a customer whose payment fails on the phone', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254711000001',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();

    expect(shop.received).toHaveLength(0);
  });

  it('refuses a forged confirmation: the URL without the token, or another token', async () => {
    await registerShop();
    await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const genuine = first(shop.to('/daraja-confirm/'));

    const withoutToken = { ...genuine, params: { provider: 'daraja-confirm' } };
    const otherToken = {
      ...genuine,
      params: { provider: 'daraja-confirm', token: 'tok_forged_00000000' },
    };

    expect(() => adapter.c2b.parseConfirmation(withoutToken)).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
    expect(() => adapter.c2b.parseConfirmation(otherToken)).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
  });

  it('reports a C2B fault in Daraja’s envelope as provider_unavailable', async () => {
    sim.control.fault({ operation: 'c2b', kind: 'http', status: 500, errorCode: '500.003.02' });

    const error = await errorOf(registerShop());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.02',
      retryable: true,
    });
  });
});

describe('B2C against the simulator', () => {
  it('pays a customer: queued, then a result with receipt, amount and the account left', async () => {
    const accepted = await adapter.b2c.send({
      phone: '254708374149',
      amount: kes(500),
      originatorConversationId: 'payout-1',
      ...resultUrls(),
    });
    await settle();
    const result = adapter.b2c.parseResult(first(results()));

    expect(accepted.conversationId).toMatch(/^AG_\d{8}_[0-9a-f]{20}$/);
    expect(result).toMatchObject({
      ok: true,
      status: 'completed',
      conversationId: accepted.conversationId,
      originatorConversationId: 'payout-1',
      amount: kes(500),
      recipient: '254708374149 - Simulated Customer',
      recipientRegistered: true,
      utilityAccountBalance: kes(499_500),
    });
    expect(result.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(result.completedAt).toMatch(/Z$/);
  });

  it('refuses a repeated OriginatorConversationID: the first request arrived', async () => {
    const request = {
      phone: '254708374149',
      amount: kes(10),
      originatorConversationId: 'payout-2',
      ...resultUrls(),
    };
    await adapter.b2c.send(request);

    const error = await errorOf(adapter.b2c.send(request));
    await settle();

    expect(error).toMatchObject({ providerCode: '500.002.1001', reason: 'duplicate_request' });
    expect(results()).toHaveLength(1);
  });

  it('reports insufficient funds for 254711000001 in the result', async () => {
    await adapter.b2c.send({ phone: '254711000001', amount: kes(10), ...resultUrls() });
    await settle();

    expect(adapter.b2c.parseResult(first(results()))).toMatchObject({
      ok: false,
      status: 'failed',
      resultCode: '1',
      reason: 'insufficient_funds',
    });
  });

  it('fails more than the utility account holds with ResultCode 1', async () => {
    await adapter.b2c.send({ phone: '254708374149', amount: kes(250_000), ...resultUrls() });
    await adapter.b2c.send({ phone: '254708374149', amount: kes(250_000), ...resultUrls() });
    await adapter.b2c.send({ phone: '254708374149', amount: kes(1), ...resultUrls() });
    await settle();

    expect(results().map((input) => adapter.b2c.parseResult(input).resultCode)).toEqual([
      '0',
      '0',
      '1',
    ]);
  });

  it('finds out about a wrong security credential only from the result (2001)', async () => {
    const wrong = setupAdapter({ securityCredential: 'bm90LXRoZS1jcmVkZW50aWFs' });

    const accepted = await wrong.b2c.send({
      phone: '254708374149',
      amount: kes(10),
      ...resultUrls(),
    });
    await settle();

    expect(accepted.conversationId).toBeTruthy();
    expect(wrong.b2c.parseResult(first(results()))).toMatchObject({
      resultCode: '2001',
      reason: 'not_permitted',
    });
  });

  it('loses the result for 254711000099 and sends it twice for 254711000098', async () => {
    await adapter.b2c.send({ phone: '254711000099', amount: kes(10), ...resultUrls() });
    await adapter.b2c.send({ phone: '254711000098', amount: kes(10), ...resultUrls() });
    await settle();
    const parsed = results().map((input) => adapter.b2c.parseResult(input));

    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toEqual(parsed[0]);
  });

  it('refuses an invalid phone and an amount over the limit before any request', async () => {
    const paths: string[] = [];
    const watched = setupAdapter({
      fetch: (input, init) => {
        paths.push(String(input));
        return fetch(input, init);
      },
    });

    const badPhone = await watched.b2c
      .send({ phone: '0708374149', amount: kes(10), ...resultUrls() })
      .catch((e: unknown) => e);
    const tooMuch = await watched.b2c
      .send({ phone: '254708374149', amount: kes(250_001), ...resultUrls() })
      .catch((e: unknown) => e);

    expect(badPhone).toMatchObject({ code: 'invalid_phone' });
    expect(tooMuch).toMatchObject({ code: 'invalid_amount' });
    expect(paths).toEqual([]);
  });

  it('reports 429 and 500 faults as retryable provider_unavailable', async () => {
    sim.control.fault({ operation: 'payout', kind: 'http', status: 429, errorCode: '500.003.03' });
    sim.control.fault({ operation: 'payout', kind: 'http', status: 500, errorCode: '500.003.02' });

    const throttled = await errorOf(
      adapter.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() }),
    );
    const busy = await errorOf(
      adapter.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() }),
    );

    expect(throttled).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.03',
      retryable: true,
    });
    expect(busy).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.02',
      retryable: true,
    });
  });

  it('reports a hung payout as ambiguous, and a repeat with the same id is refused as a duplicate', async () => {
    const impatient = setupAdapter({ timeoutMs: 150 });
    sim.control.fault({ operation: 'payout', kind: 'delay', delayMs: 60_000 });
    const request = {
      phone: '254708374149',
      amount: kes(10),
      originatorConversationId: 'payout-3',
      ...resultUrls(),
    };

    const timedOut = await errorOf(impatient.b2c.send(request));
    await sim.control.advance(60_000);
    const repeated = await errorOf(impatient.b2c.send(request));

    expect(timedOut).toMatchObject({
      ambiguous: true,
      retryable: true,
      details: { timedOut: true },
    });
    expect(repeated).toMatchObject({ reason: 'duplicate_request' });
  });

  it('fetches a new token once the simulator has expired the cached one', async () => {
    const fresh = setupAdapter();
    await fresh.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() });

    await sim.control.advance(3_600_000);
    const again = await fresh.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() });

    expect(again.conversationId).toMatch(/^AG_/);
  });
});

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
