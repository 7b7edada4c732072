import { describe, expect, it } from 'vitest';
import { parseAsyncResult, resultTime, shillingsToMoney } from './async-result.js';
import { asyncResult, callbackToken } from './test-payloads.js';
import { callbackInput, setupDaraja } from './test-setup.js';

function parse(
  body: unknown,
  options: Parameters<typeof callbackInput>[1] = { token: callbackToken },
) {
  const { config } = setupDaraja({ callbackToken });
  return parseAsyncResult(config, callbackInput(body, options), 'B2C result');
}

describe('async results', () => {
  it('reads a single ResultParameter sent as an object, not a list', () => {
    const result = parse(asyncResult(0, 'ok', { Key: 'TransactionAmount', Value: 10 }));

    expect(result.parameters).toEqual({ TransactionAmount: 10 });
  });

  it('keeps ReferenceData by key and ResultType as text', () => {
    const result = parse(asyncResult(0, 'ok'));

    expect(result.referenceData.QueueTimeoutURL).toMatch(/^https:/);
    expect(result.resultType).toBe('0');
  });

  it('accepts a ResultCode sent as text', () => {
    expect(parse(asyncResult('0', 'ok')).ok).toBe(true);
  });

  it('uses the table’s words when ResultDesc is missing', () => {
    const body = asyncResult('R000001', '');

    expect(parse(body)).toMatchObject({
      ok: false,
      reason: 'duplicate_request',
      resultDesc: 'The transaction has already been reversed.',
    });
  });

  it.each([
    ['not JSON', '{"Result":'],
    ['no Result', { Body: {} }],
    ['no ConversationID', { Result: { ResultCode: 0, OriginatorConversationID: 'x' } }],
  ])('refuses %s as invalid_callback', (_, body) => {
    expect(() => parse(body)).toThrow(expect.objectContaining({ code: 'invalid_callback' }));
  });

  it('refuses a GET', () => {
    expect(() => parse(asyncResult(0, 'ok'), { token: callbackToken, method: 'GET' })).toThrow(
      expect.objectContaining({ code: 'invalid_callback' }),
    );
  });

  it('accepts the token from ?token= on a hand-built route', () => {
    const { config } = setupDaraja({ callbackToken });
    const input = { ...callbackInput(asyncResult(0, 'ok')), query: { token: callbackToken } };

    expect(parseAsyncResult(config, input, 'B2C result').ok).toBe(true);
  });

  it('refuses to trust anything when neither callbackToken nor allowedSourceIps is set', () => {
    const { config } = setupDaraja();

    expect(() =>
      parseAsyncResult(config, callbackInput(asyncResult(0, 'ok')), 'B2C result'),
    ).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('trusts a source address on the allow list when no token is configured', () => {
    const { config } = setupDaraja({ allowedSourceIps: ['196.201.214.200'] });

    const ok = parseAsyncResult(config, callbackInput(asyncResult(0, 'ok')), 'B2C result');

    expect(ok.ok).toBe(true);
    expect(() =>
      parseAsyncResult(
        config,
        callbackInput(asyncResult(0, 'ok'), { remoteAddress: '10.0.0.8' }),
        'B2C result',
      ),
    ).toThrow(expect.objectContaining({ code: 'callback_unauthorized' }));
  });
});

describe('amounts and times in results', () => {
  it.each([
    [10, 1_000],
    ['10116.00', 1_011_600],
    [-4510, -451_000],
    ['0.5', 50],
  ])('reads %j shillings as %d cents', (raw, cents) => {
    expect(shillingsToMoney(raw)).toEqual({ amount: cents, currency: 'KES' });
  });

  it('reads nothing from text that is not an amount', () => {
    expect(shillingsToMoney('ten')).toBeUndefined();
    expect(shillingsToMoney(undefined)).toBeUndefined();
  });

  it('reads compact and dotted Nairobi times as UTC', () => {
    expect(resultTime(20200109125710)).toBe('2020-01-09T09:57:10.000Z');
    expect(resultTime('19.12.2019 11:45:50')).toBe('2019-12-19T08:45:50.000Z');
    expect(resultTime('yesterday')).toBeUndefined();
  });
});
