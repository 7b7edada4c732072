import { CallbackError, type CallbackInput, LipwaError, moneyOutMismatches } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { darajaCallbackSourceIps } from './callback-sources.js';
import { daraja } from './daraja-adapter.js';
import type { DarajaOptions } from './daraja-options.js';
import { json } from './test-fetch.js';
import {
  checkoutRequestId,
  failureCallbackBody,
  stillProcessing,
  successCallbackBody,
} from './test-payloads.js';
import { paymentRequest, setupDaraja } from './test-setup.js';

function setupAdapter(overrides: Partial<DarajaOptions> = {}) {
  const setup = setupDaraja(overrides);
  return { ...setup, adapter: daraja(setup.options) };
}

function callbackInput(rawBody: string, remoteAddress?: string): CallbackInput {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    rawBody,
    query: {},
    params: { token: 'tok_9f8e7d' },
    remoteAddress,
  };
}

describe('daraja()', () => {
  it('is the daraja adapter with stk and query capabilities', () => {
    const { adapter } = setupAdapter();

    expect(adapter.id).toBe('daraja');
    expect([...adapter.capabilities].sort()).toEqual(['query', 'stk']);
    expect(Object.isFrozen(adapter)).toBe(true);
  });

  it('adds payout, reversal and balance once an API initiator is configured', () => {
    const { options } = setupDaraja();

    const adapter = daraja({
      ...options,
      initiatorName: 'testapi',
      securityCredential: 'c2VjcmV0',
    });

    expect([...adapter.capabilities].sort()).toEqual([
      'balance',
      'payout',
      'query',
      'reversal',
      'stk',
    ]);
    expect(Object.isFrozen(adapter.b2c)).toBe(true);
    expect(typeof adapter.c2b.registerUrls).toBe('function');
    expect(moneyOutMismatches(adapter)).toEqual([]);
    expect(moneyOutMismatches(daraja(options))).toEqual([]);
  });

  it('throws config_invalid at construction for bad options', () => {
    const { options } = setupDaraja();

    expect(() => daraja({ ...options, shortcode: '' })).toThrow(LipwaError);
  });

  it('pushes, then follows the payment with query from pending to completed', async () => {
    const { adapter, fake } = setupAdapter();
    fake.script('query', json(500, stillProcessing));

    const started = await adapter.initiate(paymentRequest());
    const first = await adapter.query(started.providerRef);
    const second = await adapter.query(started.providerRef);

    expect(started.providerRef).toBe(checkoutRequestId);
    expect([first.status, second.status]).toEqual(['pending', 'completed']);
    expect(fake.requestsTo('oauth')).toHaveLength(1);
  });

  it('verifies a success callback and answers Daraja with ResultCode 0 Accepted', async () => {
    const { adapter } = setupAdapter();

    const result = await adapter.verifyCallback(callbackInput(successCallbackBody));

    expect(result.response).toEqual({
      status: 200,
      body: { ResultCode: 0, ResultDesc: 'Accepted' },
    });
    expect(result.updates).toHaveLength(1);
    expect(result.updates[0]).toMatchObject({ status: 'completed', receipt: 'NLJ7RT61SV' });
  });

  it('verifies a cancellation callback', async () => {
    const { adapter } = setupAdapter();

    const result = await adapter.verifyCallback(
      callbackInput(failureCallbackBody(1032, 'Request cancelled by user')),
    );

    expect(result.updates[0]).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_user' });
  });

  it('rejects a malformed callback with invalid_callback', async () => {
    const { adapter } = setupAdapter();

    await expect(adapter.verifyCallback(callbackInput('{}'))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });

  it('accepts callbacks from any address when allowedSourceIps is off', async () => {
    const { adapter } = setupAdapter();

    const result = await adapter.verifyCallback(callbackInput(successCallbackBody, '203.0.113.9'));

    expect(result.updates).toHaveLength(1);
  });

  it('accepts a listed source address, also written as IPv4-mapped IPv6', async () => {
    const { adapter } = setupAdapter({ allowedSourceIps: darajaCallbackSourceIps });

    const result = await adapter.verifyCallback(
      callbackInput(successCallbackBody, '::ffff:196.201.214.200'),
    );

    expect(result.updates).toHaveLength(1);
  });

  it.each([
    ['an unlisted address', '203.0.113.9'],
    ['no address at all', undefined],
  ])(
    'refuses %s with callback_unauthorized when allowedSourceIps is on',
    async (_case, remoteAddress) => {
      const { adapter } = setupAdapter({ allowedSourceIps: darajaCallbackSourceIps });

      const error = await adapter
        .verifyCallback(callbackInput(successCallbackBody, remoteAddress))
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CallbackError);
      expect((error as CallbackError).code).toBe('callback_unauthorized');
    },
  );
});
