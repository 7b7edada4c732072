/** Transaction status, reversal and account balance: requests as sent, results as parsed. */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { parseBalanceResult, queryBalance } from './account-balance.js';
import { parseAccountBalances } from './balance-accounts.js';
import type { DarajaOptions } from './daraja-options.js';
import { parseReversalResult, requestReversal } from './reversal.js';
import { json } from './test-fetch.js';
import {
  asyncResult,
  balanceResult,
  callbackToken,
  darajaError,
  initiator,
} from './test-payloads.js';
import { callbackInput, setupDaraja } from './test-setup.js';
import { parseTransactionStatusResult, queryTransactionStatus } from './transaction-status.js';

function setup(overrides: Partial<DarajaOptions> = {}) {
  const daraja = setupDaraja({ ...initiator, callbackToken, ...overrides });
  return { ...daraja, tokens: createAccessTokens(daraja.config) };
}

const urls = {
  resultUrl: `https://shop.example/lipwa/callbacks/daraja/${callbackToken}`,
  timeoutUrl: `https://shop.example/lipwa/callbacks/daraja/${callbackToken}`,
};

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('transaction status', () => {
  it('posts TransactionStatusQuery for the shortcode with IdentifierType 4', async () => {
    const { fake, config, tokens } = setup();

    await queryTransactionStatus(config, tokens, { transactionId: 'nlj7rt61sv', ...urls });

    expect(fake.requestsTo('transaction-status')[0]?.json).toEqual({
      Initiator: 'testapi',
      SecurityCredential: initiator.securityCredential,
      CommandID: 'TransactionStatusQuery',
      TransactionID: 'NLJ7RT61SV',
      PartyA: '174379',
      IdentifierType: '4',
      ResultURL: urls.resultUrl,
      QueueTimeOutURL: urls.timeoutUrl,
      Remarks: 'Transaction status',
      Occasion: '',
    });
  });

  it('refuses a transaction id that is not one before sending', async () => {
    const { fake, config, tokens } = setup();

    const error = await errorOf(
      queryTransactionStatus(config, tokens, { transactionId: 'NLJ 7RT', ...urls }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('is safe to repeat after a timeout', async () => {
    const { fake, config, tokens } = setup();
    fake.script('transaction-status', { kind: 'timeout' });

    const error = await errorOf(
      queryTransactionStatus(config, tokens, { transactionId: 'NLJ7RT61SV', ...urls }),
    );

    expect(error).toMatchObject({ retryable: true, ambiguous: false });
  });

  it('reads the status, amount, parties and times of the transaction', () => {
    const { config } = setup();
    const body = asyncResult(0, 'The service request is processed successfully.', [
      { Key: 'DebitPartyName', Value: '254708374149 - John Doe' },
      { Key: 'CreditPartyName', Value: '174379 - Lipwa Shop' },
      { Key: 'OriginatorConversationID', Value: '16740-34861180-1' },
      { Key: 'InitiatedTime', Value: 20191219102115 },
      { Key: 'DebitAccountType', Value: 'MMF Account For Customer' },
      { Key: 'TransactionReason' },
      { Key: 'ReasonType', Value: 'Pay Bill Online' },
      { Key: 'TransactionStatus', Value: 'Completed' },
      { Key: 'FinalisedTime', Value: 20191219102116 },
      { Key: 'Amount', Value: 1500 },
      { Key: 'ReceiptNo', Value: 'NLJ7RT61SV' },
    ]);

    const result = parseTransactionStatusResult(
      config,
      callbackInput(body, { token: callbackToken }),
    );

    expect(result).toMatchObject({
      ok: true,
      receipt: 'NLJ7RT61SV',
      transactionStatus: 'Completed',
      status: 'completed',
      amount: { amount: 150_000, currency: 'KES' },
      debitParty: '254708374149 - John Doe',
      creditParty: '174379 - Lipwa Shop',
      initiatedAt: '2019-12-19T07:21:15.000Z',
      finalisedAt: '2019-12-19T07:21:16.000Z',
      reasonType: 'Pay Bill Online',
    });
    expect(result.parameters.TransactionReason).toBeNull();
  });

  it('leaves an unknown TransactionStatus unmapped', () => {
    const { config } = setup();
    const body = asyncResult(0, 'ok', { Key: 'TransactionStatus', Value: 'Authorized' });

    const result = parseTransactionStatusResult(
      config,
      callbackInput(body, { token: callbackToken }),
    );

    expect(result.transactionStatus).toBe('Authorized');
    expect(result.status).toBeUndefined();
  });
});

describe('reversal', () => {
  it('posts TransactionReversal with RecieverIdentifierType (sic) 11 and whole shillings', async () => {
    const { fake, config, tokens } = setup();

    await requestReversal(config, tokens, {
      transactionId: 'NLJ7RT61SV',
      amount: { amount: 150_000, currency: 'KES' },
      remarks: 'Order cancelled',
      ...urls,
    });

    expect(fake.requestsTo('reversal')[0]?.json).toEqual({
      Initiator: 'testapi',
      SecurityCredential: initiator.securityCredential,
      CommandID: 'TransactionReversal',
      TransactionID: 'NLJ7RT61SV',
      Amount: 1500,
      ReceiverParty: '174379',
      RecieverIdentifierType: '11',
      ResultURL: urls.resultUrl,
      QueueTimeOutURL: urls.timeoutUrl,
      Remarks: 'Order cancelled',
      Occasion: '',
    });
  });

  it('refuses an amount over the limit before sending', async () => {
    const { fake, config, tokens } = setup();

    const error = await errorOf(
      requestReversal(config, tokens, {
        transactionId: 'NLJ7RT61SV',
        amount: { amount: 30_000_000, currency: 'KES' },
        ...urls,
      }),
    );

    expect(error).toMatchObject({ code: 'invalid_amount' });
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps Daraja’s error code when the request is refused', async () => {
    const { fake, config, tokens } = setup();
    fake.script(
      'reversal',
      json(400, darajaError('400.002.02', 'Bad Request - Invalid TransactionID')),
    );

    const error = await errorOf(
      requestReversal(config, tokens, {
        transactionId: 'NLJ7RT61SV',
        amount: { amount: 150_000, currency: 'KES' },
        ...urls,
      }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '400.002.02' });
  });

  it('reads a completed reversal with the debited account after it', () => {
    const { config } = setup();
    const body = asyncResult(
      0,
      'The service request is processed successfully.',
      [
        { Key: 'DebitAccountBalance', Value: 'Utility Account|KES|51661.00|51661.00|0.00|0.00' },
        { Key: 'Amount', Value: 1500 },
        { Key: 'TransCompletedTime', Value: 20191219112744 },
        { Key: 'OriginalTransactionID', Value: 'NLJ7RT61SV' },
        { Key: 'Charge', Value: 0 },
        { Key: 'CreditPartyPublicName', Value: '254708374149 - John Doe' },
        { Key: 'DebitPartyPublicName', Value: '174379 - Lipwa Shop' },
      ],
      'NLJ11HAY8Z',
    );

    const result = parseReversalResult(config, callbackInput(body, { token: callbackToken }));

    expect(result).toMatchObject({
      ok: true,
      status: 'completed',
      transactionId: 'NLJ11HAY8Z',
      originalTransactionId: 'NLJ7RT61SV',
      amount: { amount: 150_000, currency: 'KES' },
      charge: { amount: 0, currency: 'KES' },
      completedAt: '2019-12-19T08:27:44.000Z',
      debitAccountBalance: {
        name: 'Utility Account',
        available: { amount: 5_166_100, currency: 'KES' },
      },
    });
  });

  it.each([
    ['R000001', 'duplicate_request'],
    ['R000002', 'not_permitted'],
  ])('reads %s as a failed reversal (%s)', (code, reason) => {
    const { config } = setup();
    const body = asyncResult(code, 'Refused', {
      Key: 'OriginalTransactionID',
      Value: 'NLJ7RT61SV',
    });

    const result = parseReversalResult(config, callbackInput(body, { token: callbackToken }));

    expect(result).toMatchObject({
      ok: false,
      status: 'failed',
      reason,
      resultCode: code,
      originalTransactionId: 'NLJ7RT61SV',
    });
  });
});

describe('account balance', () => {
  it('posts AccountBalance for the shortcode', async () => {
    const { fake, config, tokens } = setup();

    await queryBalance(config, tokens, urls);

    expect(fake.requestsTo('balance')[0]?.json).toEqual({
      Initiator: 'testapi',
      SecurityCredential: initiator.securityCredential,
      CommandID: 'AccountBalance',
      PartyA: '174379',
      IdentifierType: '4',
      Remarks: 'Account balance',
      QueueTimeOutURL: urls.timeoutUrl,
      ResultURL: urls.resultUrl,
    });
  });

  it('reads every account, negative balances included', () => {
    const { config } = setup();

    const result = parseBalanceResult(
      config,
      callbackInput(balanceResult, { token: callbackToken }),
    );

    expect(result.completedAt).toBe('2020-01-09T09:57:10.000Z');
    expect(result.accounts.map((account) => [account.name, account.available.amount])).toEqual([
      ['Working Account', 70_000_000],
      ['Float Account', 0],
      ['Utility Account', 22_803_700],
      ['Charges Paid Account', -154_000],
    ]);
  });

  it('has no accounts when the query failed', () => {
    const { config } = setup();

    const result = parseBalanceResult(
      config,
      callbackInput(asyncResult(2001, 'The initiator information is invalid.'), {
        token: callbackToken,
      }),
    );

    expect(result).toMatchObject({ ok: false, reason: 'not_permitted', accounts: [] });
  });

  it('skips parts of the balance text that are not accounts', () => {
    expect(parseAccountBalances('Working Account|KES|1.00|1.00|0.00&garbage&|KES|1|1|1')).toEqual([
      {
        name: 'Working Account',
        currency: 'KES',
        available: { amount: 100, currency: 'KES' },
        uncleared: { amount: 100, currency: 'KES' },
        reserved: { amount: 0, currency: 'KES' },
        rest: [],
      },
    ]);
  });
});
