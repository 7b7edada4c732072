import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-token.js';
import { darajaPassword } from './password.js';
import { stkQuery } from './stk-query.js';
import { json } from './test-fetch.js';
import {
  checkoutRequestId,
  darajaError,
  invalidAccessToken,
  sandbox,
  spikeArrest,
  stillProcessing,
  stkQueryReply,
} from './test-payloads.js';
import { setupDaraja } from './test-setup.js';

function setupQuery() {
  const setup = setupDaraja();
  const tokens = createAccessTokens(setup.config);
  return {
    ...setup,
    query: (ref = checkoutRequestId, options: { signal?: AbortSignal } = {}) =>
      stkQuery(setup.config, tokens, ref, options),
  };
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('STK query', () => {
  it('posts shortcode, password, timestamp and CheckoutRequestID with a Bearer token', async () => {
    const { fake, query } = setupQuery();

    await query();

    const [request] = fake.requestsTo('query');
    expect(request?.url).toBe('https://daraja.test/mpesa/stkpushquery/v1/query');
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.json).toEqual({
      BusinessShortCode: '174379',
      Password: darajaPassword(sandbox.shortcode, sandbox.passkey, '20210628092408'),
      Timestamp: '20210628092408',
      CheckoutRequestID: checkoutRequestId,
    });
  });

  it('reports a completed payment from ResultCode "0"', async () => {
    const { query } = setupQuery();

    const update = await query();

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status: 'completed',
      reason: undefined,
      providerCode: '0',
      message: 'The service request is processed successfully.',
    });
  });

  it.each([
    ['1032', 'Request cancelled by user', 'cancelled', 'cancelled_by_user'],
    ['1', 'The balance is insufficient for the transaction.', 'failed', 'insufficient_funds'],
    ['1037', 'DS timeout user cannot be reached', 'failed', 'no_response'],
    ['2001', 'The initiator information is invalid.', 'failed', 'wrong_pin'],
    ['1019', 'Transaction has expired', 'expired', 'no_response'],
    ['1031', 'Request cancelled by user', 'cancelled', 'cancelled_by_user'],
    ['1036', 'SMSC ACK timeout.', 'failed', 'prompt_failed'],
    ['SFC_IC0003', 'The operator does not exist', 'failed', 'not_permitted'],
  ])('maps string ResultCode %s through the table', async (code, desc, status, reason) => {
    const { fake, query } = setupQuery();
    fake.script('query', json(200, stkQueryReply(code, desc)));

    const update = await query();

    expect(update).toMatchObject({ status, reason, providerCode: code, message: desc });
  });

  it('reads ResultCode 4999 "still under processing" (HTTP 200) as pending, not failed', async () => {
    const { fake, query } = setupQuery();
    fake.script(
      'query',
      json(200, stkQueryReply('4999', 'The transaction is still under processing')),
    );

    const update = await query();

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status: 'pending',
      providerCode: '4999',
      message: 'The transaction is still under processing',
    });
  });

  it('leaves a payment pending on a query code it does not know, keeping the code', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(200, stkQueryReply('7777', 'Brand new code')));

    const update = await query();

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status: 'pending',
      providerCode: '7777',
      message: 'Brand new code',
    });
  });

  it('reads a ResultCode sent as a JSON number', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(200, { ...stkQueryReply('0', 'ok'), ResultCode: 1032 }));

    expect(await query()).toMatchObject({ status: 'cancelled', providerCode: '1032' });
  });

  it('reads "The transaction is being processed" (HTTP 500, 500.001.1001) as pending', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(500, stillProcessing));

    const update = await query();

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status: 'pending',
      providerCode: '500.001.1001',
      message: 'The transaction is being processed',
    });
    expect(fake.requestsTo('query')).toHaveLength(1);
  });

  it('retries once straight away after spike arrest, and returns the answer', async () => {
    const { fake, query } = setupQuery();
    fake.script(
      'query',
      json(500, spikeArrest),
      json(200, stkQueryReply('1032', 'Request cancelled by user')),
    );

    const update = await query();

    expect(update.status).toBe('cancelled');
    expect(fake.requestsTo('query')).toHaveLength(2);
  });

  it('retries once after a network error', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', { kind: 'network-error' });

    const update = await query();

    expect(update.status).toBe('completed');
    expect(fake.requestsTo('query')).toHaveLength(2);
  });

  it('retries once after a timeout: a query is safe to repeat', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', { kind: 'timeout' });

    const update = await query();

    expect(update.status).toBe('completed');
    expect(fake.requestsTo('query')).toHaveLength(2);
  });

  it('gives up after the one retry with provider_unavailable', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(503, {}), json(500, darajaError('500.003.03', 'Quota Violation')));

    const error = await providerErrorOf(query());

    expect(error.code).toBe('provider_unavailable');
    expect(error.details.providerCode).toBe('500.003.03');
    expect(fake.requestsTo('query')).toHaveLength(2);
  });

  it('does not retry a rejection', async () => {
    const { fake, query } = setupQuery();
    fake.script(
      'query',
      json(400, darajaError('400.002.02', 'Bad Request - Invalid CheckoutRequestID')),
    );

    const error = await providerErrorOf(query());

    expect(error.code).toBe('provider_rejected');
    expect(error.message).toContain('Invalid CheckoutRequestID');
    expect(fake.requestsTo('query')).toHaveLength(1);
  });

  it('does not retry once the caller has aborted', async () => {
    const { fake, query } = setupQuery();
    const controller = new AbortController();
    fake.script('query', { kind: 'hang' });

    const pending = query(checkoutRequestId, { signal: controller.signal });
    await fake.sent('query');
    controller.abort();
    const error = await providerErrorOf(pending);

    expect(error.code).toBe('provider_unavailable');
    expect(error.ambiguous).toBe(false);
    expect(fake.requestsTo('query')).toHaveLength(1);
  });

  it('refreshes an invalid token and repeats the query once', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(404, invalidAccessToken));

    const update = await query();

    expect(update.status).toBe('completed');
    expect(fake.requestsTo('oauth')).toHaveLength(2);
  });

  it('treats a 200 without a ResultCode as a retryable provider error', async () => {
    const { fake, query } = setupQuery();
    fake.script('query', json(200, { ResponseCode: '0' }), json(200, { ResponseCode: '0' }));

    const error = await providerErrorOf(query());

    expect(error.code).toBe('provider_unavailable');
    expect(fake.requestsTo('query')).toHaveLength(2);
  });

  it('treats a 200 whose ResultCode is not a code as a retryable provider error', async () => {
    const { fake, query } = setupQuery();
    const garbled = { ...stkQueryReply('0', 'ok'), ResultCode: { nested: true } };
    fake.script('query', json(200, garbled), json(200, garbled));

    const error = await providerErrorOf(query());

    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('refuses an empty reference without calling Daraja', async () => {
    const { fake, query } = setupQuery();

    const error = await providerErrorOf(query('  '));

    expect(error.code).toBe('provider_rejected');
    expect(fake.requests).toHaveLength(0);
  });
});
