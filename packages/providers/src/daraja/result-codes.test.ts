import { failureReasons, paymentStatuses } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { darajaResultCodes, mapDarajaResult } from './result-codes.js';

// Every code daraja.md lists, with the status and reason Lipwa promises for it.
const documented: [code: number, status: string, reason: string | undefined][] = [
  [0, 'completed', undefined],
  [1, 'failed', 'insufficient_funds'],
  [2, 'failed', 'amount_too_small'],
  [3, 'failed', 'amount_too_large'],
  [4, 'failed', 'limit_exceeded'],
  [8, 'failed', 'limit_exceeded'],
  [17, 'failed', 'duplicate_request'],
  [1019, 'expired', 'no_response'],
  [1025, 'failed', 'prompt_failed'],
  [1032, 'cancelled', 'cancelled_by_user'],
  [1037, 'failed', 'no_response'],
  [2001, 'failed', 'wrong_pin'],
  [2028, 'failed', 'not_permitted'],
  [8006, 'failed', 'account_locked'],
  [1001, 'failed', 'subscriber_busy'],
  [26, 'failed', 'provider_error'],
  [9999, 'failed', 'provider_error'],
];

describe('mapDarajaResult', () => {
  it.each(documented)('maps ResultCode %i to %s (%s)', (code, status, reason) => {
    const mapped = mapDarajaResult(code);

    expect(mapped.status).toBe(status);
    expect(mapped.reason).toBe(reason);
    expect(mapped.providerCode).toBe(String(code));
  });

  it.each(documented)('maps ResultCode "%i" sent as text the same way', (code, status, reason) => {
    expect(mapDarajaResult(String(code))).toMatchObject({ status, providerCode: String(code) });
    expect(mapDarajaResult(String(code)).reason).toBe(reason);
  });

  it('fails an unknown code as unknown and keeps the raw code', () => {
    expect(mapDarajaResult(4242, 'Something new')).toEqual({
      status: 'failed',
      reason: 'unknown',
      providerCode: '4242',
      message: 'Something new',
    });
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

describe('darajaResultCodes', () => {
  it('lists exactly the documented codes', () => {
    expect(Object.keys(darajaResultCodes).sort()).toEqual(
      documented.map(([code]) => String(code)).sort(),
    );
  });

  it('uses only canonical statuses and reasons', () => {
    for (const entry of Object.values(darajaResultCodes)) {
      expect(paymentStatuses).toContain(entry.status);
      if (entry.reason !== undefined) expect(failureReasons).toContain(entry.reason);
      expect(entry.description.length).toBeGreaterThan(0);
    }
  });

  it('gives a reason to every outcome that is not success', () => {
    for (const entry of Object.values(darajaResultCodes)) {
      expect(entry.status === 'completed' || entry.reason !== undefined).toBe(true);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(darajaResultCodes)).toBe(true);
  });
});
