import { failureReasons, paymentStatuses } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { darajaResultCodes, mapDarajaResult, parseDarajaResultCode } from './result-codes.js';

// Every code daraja.md lists plus those current Daraja sends (issue 7), with the status and
// reason Lipwa promises for it.
const documented: [code: string, status: string, reason: string | undefined][] = [
  ['0', 'completed', undefined],
  ['1', 'failed', 'insufficient_funds'],
  ['2', 'failed', 'amount_too_small'],
  ['3', 'failed', 'amount_too_large'],
  ['4', 'failed', 'limit_exceeded'],
  ['8', 'failed', 'limit_exceeded'],
  ['17', 'failed', 'duplicate_request'],
  ['1019', 'expired', 'no_response'],
  ['1025', 'failed', 'prompt_failed'],
  ['1031', 'cancelled', 'cancelled_by_user'],
  ['1032', 'cancelled', 'cancelled_by_user'],
  ['1036', 'failed', 'prompt_failed'],
  ['1037', 'failed', 'no_response'],
  ['1101', 'failed', 'prompt_failed'],
  ['2001', 'failed', 'wrong_pin'],
  ['2028', 'failed', 'not_permitted'],
  ['4999', 'pending', undefined],
  ['8006', 'failed', 'account_locked'],
  ['1001', 'failed', 'subscriber_busy'],
  ['26', 'failed', 'provider_error'],
  ['9999', 'failed', 'provider_error'],
  ['SFC_IC0003', 'failed', 'not_permitted'],
];

describe('mapDarajaResult', () => {
  it.each(documented)('maps ResultCode %s to %s (%s)', (code, status, reason) => {
    for (const from of ['callback', 'query'] as const) {
      const mapped = mapDarajaResult(code, undefined, { from });

      expect(mapped.status).toBe(status);
      expect(mapped.reason).toBe(reason);
      expect(mapped.providerCode).toBe(code);
    }
  });

  it.each(documented.filter(([code]) => /^\d+$/.test(code)))(
    'maps ResultCode %s sent as a JSON number the same way',
    (code, status, reason) => {
      const mapped = mapDarajaResult(Number(code));

      expect(mapped).toMatchObject({ status, providerCode: code });
      expect(mapped.reason).toBe(reason);
    },
  );

  it('keeps "still under processing" (4999) pending, never failed', () => {
    expect(
      mapDarajaResult('4999', 'The transaction is still under processing', { from: 'query' }),
    ).toEqual({
      status: 'pending',
      providerCode: '4999',
      message: 'The transaction is still under processing',
    });
  });

  it('fails an unknown code from a callback as unknown and keeps the raw code', () => {
    expect(mapDarajaResult(4242, 'Something new', { from: 'callback' })).toEqual({
      status: 'failed',
      reason: 'unknown',
      providerCode: '4242',
      message: 'Something new',
    });
  });

  it('leaves an unknown code from a query pending: a query answer it cannot read is never final', () => {
    expect(mapDarajaResult('SFC_XX0042', 'Something new', { from: 'query' })).toEqual({
      status: 'pending',
      providerCode: 'SFC_XX0042',
      message: 'Something new',
    });
  });

  it('treats a code as a callback’s when not told where it came from', () => {
    expect(mapDarajaResult(4242).status).toBe('failed');
  });

  it('prefers Daraja’s own ResultDesc as the message', () => {
    expect(mapDarajaResult('1032', 'Request cancelled by user').message).toBe(
      'Request cancelled by user',
    );
  });

  it('falls back to the table description when no ResultDesc is given', () => {
    expect(mapDarajaResult(1).message).toBe(darajaResultCodes['1']?.description);
  });

  it('does not treat inherited object keys as codes', () => {
    expect(mapDarajaResult('constructor').reason).toBe('unknown');
  });
});

describe('parseDarajaResultCode', () => {
  it.each([
    [0, '0'],
    ['0', '0'],
    [' 1032 ', '1032'],
    [4999, '4999'],
    ['SFC_IC0003', 'SFC_IC0003'],
  ])('reads %j as the code %s', (value, code) => {
    expect(parseDarajaResultCode(value)).toBe(code);
  });

  it.each([
    [0.5],
    [-1],
    [''],
    ['   '],
    [null],
    [true],
    [{}],
    ['a code with spaces'],
    ['x'.repeat(41)],
  ])('refuses %j', (value) => {
    expect(parseDarajaResultCode(value)).toBeUndefined();
  });
});

describe('darajaResultCodes', () => {
  it('lists exactly the documented codes', () => {
    expect(Object.keys(darajaResultCodes).sort()).toEqual(documented.map(([code]) => code).sort());
  });

  it('uses only canonical statuses and reasons', () => {
    for (const entry of Object.values(darajaResultCodes)) {
      expect(paymentStatuses).toContain(entry.status);
      if (entry.reason !== undefined) expect(failureReasons).toContain(entry.reason);
      expect(entry.description.length).toBeGreaterThan(0);
    }
  });

  it('gives a reason to every outcome that ended without success', () => {
    for (const entry of Object.values(darajaResultCodes)) {
      const ended = entry.status !== 'completed' && entry.status !== 'pending';
      expect(!ended || entry.reason !== undefined).toBe(true);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(darajaResultCodes)).toBe(true);
  });
});
