import { describe, expect, it } from 'vitest';
import { cashpayChargeStatuses, mapCashpayStatus } from './charge-statuses.js';

describe('CashPay charge statuses', () => {
  it.each([
    ['INITIATED', { status: 'pending', providerCode: 'INITIATED' }],
    ['CAPTURED', { status: 'completed', providerCode: 'CAPTURED' }],
    ['FAILED', { status: 'failed', reason: 'unknown', providerCode: 'FAILED' }],
  ])('maps the documented status %s', (status, expected) => {
    expect(mapCashpayStatus(status)).toMatchObject(expected);
    expect(mapCashpayStatus(status).message).toBe(cashpayChargeStatuses[status]?.description);
  });

  it('lists exactly the documented statuses', () => {
    expect(Object.keys(cashpayChargeStatuses)).toEqual(['INITIATED', 'CAPTURED', 'FAILED']);
  });

  it('gives no reason for a capture or a pending charge', () => {
    expect(mapCashpayStatus('CAPTURED')).not.toHaveProperty('reason');
    expect(mapCashpayStatus('INITIATED')).not.toHaveProperty('reason');
  });

  it('reads a status in another case the same way, keeping it as sent', () => {
    expect(mapCashpayStatus('captured')).toMatchObject({
      status: 'completed',
      providerCode: 'captured',
    });
  });

  it.each(['REFUNDED', 'AUTHORIZED', 'PENDING', 'toString', '__proto__'])(
    'never treats the unknown status %s as final',
    (status) => {
      expect(mapCashpayStatus(status)).toEqual({
        status: 'pending',
        providerCode: status,
        message: `Unknown CashPay charge status "${status}": not treated as final.`,
      });
    },
  );
});
