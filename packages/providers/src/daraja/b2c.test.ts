import { ConfigError, ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { B2C_PATH, parseB2cResult, sendB2c } from './b2c.js';
import type { DarajaOptions } from './daraja-options.js';
import { json } from './test-fetch.js';
import {
  asyncAccepted,
  asyncResult,
  b2cSuccessResult,
  callbackToken,
  darajaError,
  initiator,
  originatorConversationId,
} from './test-payloads.js';
import { callbackInput, setupDaraja } from './test-setup.js';

function setupB2c(overrides: Partial<DarajaOptions> = {}) {
  const setup = setupDaraja({ ...initiator, callbackToken, ...overrides });
  const tokens = createAccessTokens(setup.config);
  return {
    ...setup,
    send: (request: Parameters<typeof sendB2c>[2]) => sendB2c(setup.config, tokens, request),
  };
}

const payout = {
  phone: '254708374149',
  amount: { amount: 1_000, currency: 'KES' },
  resultUrl: `https://shop.example/lipwa/callbacks/daraja/${callbackToken}`,
  timeoutUrl: `https://shop.example/lipwa/callbacks/daraja/${callbackToken}`,
  originatorConversationId,
};

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('B2C payment request', () => {
  it('posts the documented fields in order with a Bearer token, Occassion (sic) included', async () => {
    const { fake, send } = setupB2c();

    const accepted = await send({ ...payout, remarks: 'Refund order 1042', occasion: 'Refund' });

    const [request] = fake.requestsTo('b2c');
    expect(request?.url).toBe(`https://daraja.test${B2C_PATH}`);
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(Object.keys(request?.json as object)).toEqual([
      'OriginatorConversationID',
      'InitiatorName',
      'SecurityCredential',
      'CommandID',
      'Amount',
      'PartyA',
      'PartyB',
      'Remarks',
      'QueueTimeOutURL',
      'ResultURL',
      'Occassion',
    ]);
    expect(request?.json).toMatchObject({
      OriginatorConversationID: originatorConversationId,
      InitiatorName: 'testapi',
      CommandID: 'BusinessPayment',
      Amount: 10,
      PartyA: '174379',
      PartyB: '254708374149',
      Remarks: 'Refund order 1042',
      Occassion: 'Refund',
    });
    expect(accepted).toEqual({
      conversationId: 'AG_20191219_00005797af5d7d75f652',
      originatorConversationId,
      responseDescription: 'Accept the service request successfully.',
    });
  });

  it('makes up an OriginatorConversationID when none is given, and sends SalaryPayment when asked', async () => {
    const { fake, send } = setupB2c();
    fake.script('b2c', json(200, asyncAccepted('generated')));

    await send({ ...payout, originatorConversationId: undefined, commandId: 'SalaryPayment' });

    const body = fake.requestsTo('b2c')[0]?.json as Record<string, unknown>;
    expect(body.OriginatorConversationID).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.CommandID).toBe('SalaryPayment');
  });

  it.each([
    ['an invalid phone', { phone: '0712345678' }, 'invalid_phone'],
    ['cents', { amount: { amount: 1_050, currency: 'KES' } }, 'invalid_amount'],
    ['another currency', { amount: { amount: 1_000, currency: 'USD' } }, 'invalid_amount'],
    [
      'more than KES 250,000',
      { amount: { amount: 25_000_100, currency: 'KES' } },
      'invalid_amount',
    ],
    ['a result URL that is not a URL', { resultUrl: 'shop/result' }, 'invalid_field'],
    ['a malformed idempotency key', { originatorConversationId: 'has spaces' }, 'invalid_field'],
    ['one-letter remarks', { remarks: 'x' }, 'invalid_field'],
  ])('refuses %s before sending anything', async (_, change, code) => {
    const { fake, send } = setupB2c();

    const error = await errorOf(send({ ...payout, ...change } as typeof payout));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses plain http result URLs in production', async () => {
    const { send } = setupB2c({ environment: 'production' });

    const error = await errorOf(
      send({ ...payout, resultUrl: 'http://shop.example/r', timeoutUrl: 'http://shop.example/t' }),
    );

    expect(error).toMatchObject({ code: 'invalid_field', details: { field: 'resultUrl' } });
  });

  it('says how to configure the initiator when it is missing', async () => {
    const { send } = setupB2c({ initiatorName: undefined, securityCredential: undefined });

    const error = await errorOf(send(payout));

    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('initiatorName and securityCredential');
  });

  it('reports a repeated OriginatorConversationID as a refused duplicate that already arrived', async () => {
    const { fake, send } = setupB2c();
    fake.script(
      'b2c',
      json(500, darajaError('500.002.1001', 'Duplicate OriginatorConversationID')),
    );

    const error = (await errorOf(send(payout))) as ProviderError;

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '500.002.1001',
      reason: 'duplicate_request',
      retryable: false,
    });
  });

  it('calls a timed-out payout ambiguous but safe to repeat with the same id', async () => {
    const { fake, send } = setupB2c();
    fake.script('b2c', { kind: 'timeout' });

    const error = (await errorOf(send(payout))) as ProviderError;

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true, retryable: true });
  });

  it('keeps Daraja’s answer when a 200 lacks the ids, without any credential in it', async () => {
    const { fake, send } = setupB2c();
    fake.script('b2c', json(200, { ResponseCode: '0' }));

    const error = (await errorOf(send(payout))) as ProviderError;

    expect(error).toMatchObject({ code: 'provider_unavailable', ambiguous: true });
    expect(error.details.answer).toBe('{"ResponseCode":"0"}');
    expect(JSON.stringify(error.details)).not.toContain(initiator.securityCredential);
  });

  it('refuses a non-zero ResponseCode with the code kept', async () => {
    const { fake, send } = setupB2c();
    fake.script(
      'b2c',
      json(200, { ...asyncAccepted(), ResponseCode: '1', ResponseDescription: 'Rejected' }),
    );

    const error = await errorOf(send(payout));

    expect(error).toMatchObject({ code: 'provider_rejected', providerCode: '1' });
  });
});

describe('B2C result', () => {
  it('reads a successful result: receipt, amount, recipient, balances and completion time', () => {
    const { config } = setupB2c();

    const result = parseB2cResult(
      config,
      callbackInput(b2cSuccessResult, { token: callbackToken }),
    );

    expect(result).toMatchObject({
      ok: true,
      status: 'completed',
      resultCode: '0',
      originatorConversationId,
      conversationId: 'AG_20191219_00005797af5d7d75f652',
      receipt: 'NLJ41HAY6Q',
      amount: { amount: 1_000, currency: 'KES' },
      recipient: '254708374149 - John Doe',
      recipientRegistered: true,
      completedAt: '2019-12-19T08:45:50.000Z',
      utilityAccountBalance: { amount: 1_011_600, currency: 'KES' },
      workingAccountBalance: { amount: 90_000_000, currency: 'KES' },
      chargesPaidAccountBalance: { amount: -451_000, currency: 'KES' },
    });
  });

  it.each([
    ['2001', 'not_permitted'],
    ['1', 'insufficient_funds'],
    ['8006', 'account_locked'],
    ['SVC0403', 'unknown'],
  ])('reads ResultCode %s as failed (%s)', (code, reason) => {
    const { config } = setupB2c();

    const result = parseB2cResult(
      config,
      callbackInput(asyncResult(code, 'Something went wrong'), { token: callbackToken }),
    );

    expect(result).toMatchObject({ ok: false, status: 'failed', resultCode: code, reason });
    expect(result.receipt).toBeUndefined();
  });

  it('refuses a result without the callback token, whatever it says', () => {
    const { config } = setupB2c();

    expect(() => parseB2cResult(config, callbackInput(b2cSuccessResult))).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
    expect(() =>
      parseB2cResult(config, callbackInput(b2cSuccessResult, { token: 'tok_guessed_wrongly_00' })),
    ).toThrow(expect.objectContaining({ code: 'callback_unauthorized' }));
  });

  it('refuses a body that is not a Result as invalid_callback', () => {
    const { config } = setupB2c();

    expect(() =>
      parseB2cResult(config, callbackInput({ Body: {} }, { token: callbackToken })),
    ).toThrow(expect.objectContaining({ code: 'invalid_callback' }));
  });
});
