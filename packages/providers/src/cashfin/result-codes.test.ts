import { describe, expect, it } from 'vitest';
import { cashfinResultCodes, cashfinStatuses, mapCashfinResult } from './result-codes.js';

describe('Cashfin result table', () => {
  it.each([
    ['pending', undefined, 'pending', undefined],
    ['completed', undefined, 'completed', undefined],
    ['completed', '0', 'completed', undefined],
    ['cancelled', undefined, 'cancelled', 'cancelled_by_user'],
    ['cancelled', '1032', 'cancelled', 'cancelled_by_user'],
    ['failed', undefined, 'failed', 'unknown'],
    ['failed', '1', 'failed', 'insufficient_funds'],
    ['failed', '17', 'failed', 'duplicate_request'],
    ['failed', '1001', 'failed', 'subscriber_busy'],
    ['failed', '1019', 'expired', 'no_response'],
    ['failed', '1025', 'failed', 'prompt_failed'],
    ['failed', '1032', 'cancelled', 'cancelled_by_user'],
    ['failed', '1037', 'failed', 'no_response'],
    ['failed', '2001', 'failed', 'wrong_pin'],
    ['failed', '9999', 'failed', 'provider_error'],
    ['failed', '4242', 'failed', 'unknown'],
  ])('maps status %s with resultcode %s to %s (%s)', (status, code, canonical, reason) => {
    const mapped = mapCashfinResult(status, code);

    expect(mapped?.status).toBe(canonical);
    expect(mapped?.reason).toBe(reason);
    expect(mapped?.providerCode).toBe(code ?? status);
  });

  it('covers every documented status and every code in the table', () => {
    expect(Object.keys(cashfinStatuses).sort()).toEqual([
      'cancelled',
      'completed',
      'failed',
      'pending',
    ]);
    for (const code of Object.keys(cashfinResultCodes)) {
      const status = code === '0' ? 'completed' : 'failed';
      expect(mapCashfinResult(status, code)?.status).toBe(cashfinResultCodes[code]?.status);
    }
  });

  it.each([
    ['completed', '1', 'a completed payment with a failure code'],
    ['failed', '0', 'a failed payment with the success code'],
    ['cancelled', '0', 'a cancelled payment with the success code'],
    ['refunded', undefined, 'a status Cashfin does not document'],
  ])('refuses to guess for %s / %s (%s)', (status, code, _why) => {
    expect(mapCashfinResult(status, code)).toBeUndefined();
  });

  it('keeps Cashfin’s resultdesc as the message, else the table’s description', () => {
    expect(mapCashfinResult('failed', '1', 'Insufficient balance')?.message).toBe(
      'Insufficient balance',
    );
    expect(mapCashfinResult('failed', '1')?.message).toBe(
      'The balance is insufficient for the transaction.',
    );
    expect(mapCashfinResult('failed', '4242')?.message).toBe('Unknown M-Pesa result code 4242.');
  });
});
