import { ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { registerC2bUrls, simulateC2b } from './c2b.js';
import { acceptC2b, acknowledgeC2b, parseC2bPayment, rejectC2b } from './c2b-payment.js';
import type { DarajaOptions } from './daraja-options.js';
import { json } from './test-fetch.js';
import { c2bConfirmation, callbackToken } from './test-payloads.js';
import { callbackInput, setupDaraja } from './test-setup.js';

function setup(overrides: Partial<DarajaOptions> = {}) {
  const daraja = setupDaraja({ callbackToken, ...overrides });
  return { ...daraja, tokens: createAccessTokens(daraja.config) };
}

const urls = {
  confirmationUrl: `https://shop.example/lipwa/callbacks/daraja-c2b/${callbackToken}`,
  validationUrl: `https://shop.example/lipwa/callbacks/daraja-c2b/${callbackToken}`,
};

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('C2B register URLs', () => {
  it('posts ShortCode, ResponseType and both URLs to v1, and reads OriginatorCoversationID (sic)', async () => {
    const { fake, config, tokens } = setup();

    const accepted = await registerC2bUrls(config, tokens, urls);

    const [request] = fake.requestsTo('c2b-register');
    expect(request?.url).toBe('https://daraja.test/mpesa/c2b/v1/registerurl');
    expect(request?.json).toEqual({
      ShortCode: '174379',
      ResponseType: 'Completed',
      ConfirmationURL: urls.confirmationUrl,
      ValidationURL: urls.validationUrl,
    });
    expect(accepted).toEqual({
      originatorConversationId: '6e86-45dd-91ac-fd5d4178ab523176729',
      responseDescription: 'Success',
    });
  });

  it('uses v2 and Cancelled when asked', async () => {
    const { fake, config, tokens } = setup();

    await registerC2bUrls(config, tokens, { ...urls, version: 'v2', responseType: 'Cancelled' });

    const [request] = fake.requestsTo('c2b-register');
    expect(request?.url).toBe('https://daraja.test/mpesa/c2b/v2/registerurl');
    expect(request?.json).toMatchObject({ ResponseType: 'Cancelled' });
  });

  it.each([
    'https://shop.example/mpesa/confirm',
    'https://shop.example/SafariCom',
    'https://shop.example/c?query=1',
  ])('refuses %s, a URL Safaricom refuses, before sending', async (url) => {
    const { fake, config, tokens } = setup();

    const error = await errorOf(registerC2bUrls(config, tokens, { ...urls, confirmationUrl: url }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ details: { field: 'confirmationUrl' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a non-zero ResponseCode with the code kept', async () => {
    const { fake, config, tokens } = setup();
    fake.script(
      'c2b-register',
      json(200, {
        OriginatorCoversationID: 'x',
        ResponseCode: '1',
        ResponseDescription: 'Duplicate',
      }),
    );

    const error = await errorOf(registerC2bUrls(config, tokens, urls));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '1' });
  });
});

describe('C2B simulate', () => {
  it('posts a paybill payment with the account number', async () => {
    const { fake, config, tokens } = setup();

    await simulateC2b(config, tokens, {
      phone: '254708374149',
      amount: { amount: 150_000, currency: 'KES' },
      billRefNumber: 'ORDER1042',
    });

    expect(fake.requestsTo('c2b-simulate')[0]?.json).toEqual({
      ShortCode: '174379',
      CommandID: 'CustomerPayBillOnline',
      Amount: 1500,
      Msisdn: '254708374149',
      BillRefNumber: 'ORDER1042',
    });
  });

  it('sends no account number for a till', async () => {
    const { fake, config, tokens } = setup();

    await simulateC2b(config, tokens, {
      phone: '254708374149',
      amount: { amount: 100, currency: 'KES' },
      commandId: 'CustomerBuyGoodsOnline',
    });

    expect(fake.requestsTo('c2b-simulate')[0]?.json).toMatchObject({ BillRefNumber: null });
  });

  it('refuses to simulate in production, and a paybill payment without an account number', async () => {
    const production = setup({ environment: 'production' });
    const sandbox = setup();

    const inProduction = await errorOf(
      simulateC2b(production.config, production.tokens, {
        phone: '254708374149',
        amount: { amount: 100, currency: 'KES' },
        billRefNumber: 'A1',
      }),
    );
    const noAccount = await errorOf(
      simulateC2b(sandbox.config, sandbox.tokens, {
        phone: '254708374149',
        amount: { amount: 100, currency: 'KES' },
      }),
    );

    expect(inProduction).toMatchObject({ code: 'invalid_request' });
    expect(noAccount).toMatchObject({ details: { field: 'billRefNumber' } });
  });
});

describe('C2B validation and confirmation', () => {
  it('parses a confirmation: receipt, time, amount, account number and the masked number', () => {
    const { config } = setup();

    const payment = parseC2bPayment(
      config,
      callbackInput(c2bConfirmation, { token: callbackToken }),
      'confirmation',
    );

    expect(payment).toEqual({
      transactionType: 'Pay Bill',
      transactionId: 'RKTQDM7W6S',
      transactionTime: '2019-11-22T03:38:45.000Z',
      amount: { amount: 1_000, currency: 'KES' },
      businessShortCode: '174379',
      billRefNumber: 'ORDER1042',
      invoiceNumber: undefined,
      orgAccountBalance: { amount: 4_919_700, currency: 'KES' },
      thirdPartyTransId: undefined,
      msisdn: '2547 ***** 149',
      firstName: 'John',
      middleName: undefined,
      lastName: 'Doe',
    });
  });

  it('reads a validation request with numbers where text is documented', () => {
    const { config } = setup();
    const body = {
      ...c2bConfirmation,
      TransAmount: 10,
      BusinessShortCode: 174379,
      OrgAccountBalance: '',
    };

    const payment = parseC2bPayment(
      config,
      callbackInput(body, { token: callbackToken }),
      'validation',
    );

    expect(payment.amount).toEqual({ amount: 1_000, currency: 'KES' });
    expect(payment.orgAccountBalance).toBeUndefined();
  });

  it('refuses a confirmation without the token: a forged payment is never recorded', () => {
    const { config } = setup();

    expect(() => parseC2bPayment(config, callbackInput(c2bConfirmation), 'confirmation')).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
  });

  it('refuses a confirmation for another shortcode', () => {
    const { config } = setup();
    const body = { ...c2bConfirmation, BusinessShortCode: '600000' };

    expect(() =>
      parseC2bPayment(config, callbackInput(body, { token: callbackToken }), 'confirmation'),
    ).toThrow(expect.objectContaining({ code: 'callback_unauthorized' }));
  });

  it.each([
    ['no TransID', { TransID: undefined }],
    ['a zero amount', { TransAmount: '0.00' }],
    ['a bad time', { TransTime: '2019-11-22' }],
  ])('refuses a body with %s as invalid_callback', (_, change) => {
    const { config } = setup();

    expect(() =>
      parseC2bPayment(
        config,
        callbackInput({ ...c2bConfirmation, ...change }, { token: callbackToken }),
        'confirmation',
      ),
    ).toThrow(expect.objectContaining({ code: 'invalid_callback' }));
  });

  it('answers validation and confirmation in Daraja’s words', () => {
    expect(acceptC2b()).toEqual({ status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted' } });
    expect(rejectC2b('C2B00012')).toEqual({
      status: 200,
      body: { ResultCode: 'C2B00012', ResultDesc: 'Rejected' },
    });
    expect(rejectC2b().body.ResultCode).toBe('C2B00016');
    expect(acknowledgeC2b()).toEqual({
      status: 200,
      body: { ResultCode: 0, ResultDesc: 'Accepted' },
    });
  });
});
