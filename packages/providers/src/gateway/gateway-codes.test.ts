import { failureReasons, paymentStatuses } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { gatewayCodes, mapGatewayOutcome } from './gateway-codes.js';

// Every status the documentation lists, with what Lipwa promises for it (result 0, no provider code).
const statuses: [status: number, expected: string, reason: string | undefined][] = [
  [-1, 'pending', undefined],
  [0, 'pending', undefined],
  [1, 'pending', undefined],
  [2, 'completed', undefined],
  [3, 'failed', 'provider_error'],
  [4, 'cancelled', 'cancelled_by_user'],
  [5, 'failed', 'provider_error'],
  [6, 'pending', undefined],
];

describe('gatewayCodes', () => {
  it('lists every documented status, -1 to 6, and every documented result code', () => {
    expect(
      Object.keys(gatewayCodes.statuses)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([-1, 0, 1, 2, 3, 4, 5, 6]);
    expect(
      Object.keys(gatewayCodes.results)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 10201]);
  });

  it('uses only canonical statuses and reasons', () => {
    for (const mapping of Object.values(gatewayCodes.statuses)) {
      expect(paymentStatuses).toContain(mapping.status);
      if ('reason' in mapping) expect(failureReasons).toContain(mapping.reason);
    }
    for (const mapping of Object.values(gatewayCodes.results)) {
      if ('reason' in mapping) expect(failureReasons).toContain(mapping.reason);
    }
  });

  it('keeps the documented result messages', () => {
    expect(gatewayCodes.results['10201'].message).toBe('MERCHANT AUTHENTICATION ERROR');
    expect(gatewayCodes.results['1'].message).toBe('INVALID PIN');
  });
});

describe('mapGatewayOutcome', () => {
  it.each(statuses)('maps status %i to %s (%s)', (status, expected, reason) => {
    const mapped = mapGatewayOutcome({ status, resultCode: 0 });

    expect(mapped.status).toBe(expected);
    expect(mapped.reason).toBe(reason);
    expect(mapped.providerCode).toBe(String(status));
  });

  it.each([7, 99, -8888])('never reads the unknown status %i as final', (status) => {
    expect(mapGatewayOutcome({ status, resultCode: 0 })).toMatchObject({
      status: 'pending',
      providerCode: String(status),
    });
  });

  it.each([1, 2, 3])('reads result code %i on a failed payment as a wrong PIN', (resultCode) => {
    expect(mapGatewayOutcome({ status: 3, resultCode, providerCode: '2001' })).toMatchObject({
      status: 'failed',
      reason: 'wrong_pin',
    });
  });

  it.each([
    ['1', 3, 'failed', 'insufficient_funds'],
    ['1032', 4, 'cancelled', 'cancelled_by_user'],
    ['1037', 3, 'failed', 'no_response'],
    ['2001', 3, 'failed', 'wrong_pin'],
    ['1001', 3, 'failed', 'subscriber_busy'],
  ])(
    'takes the reason from Safaricom’s code %s in provider_result',
    (providerCode, status, expected, reason) => {
      expect(mapGatewayOutcome({ status, resultCode: 0, providerCode })).toMatchObject({
        status: expected,
        reason,
      });
    },
  );

  it('falls back to the status’s own reason for an operator code it does not know', () => {
    expect(mapGatewayOutcome({ status: 3, resultCode: 0, providerCode: '-8888' }).reason).toBe(
      'provider_error',
    );
  });

  it('never completes a payment whose status is not success, whatever the result says', () => {
    expect(mapGatewayOutcome({ status: 1, resultCode: 0, providerCode: '0' }).status).toBe(
      'pending',
    );
  });

  it('says every code in its message, for support', () => {
    expect(
      mapGatewayOutcome({
        status: 3,
        resultCode: 1,
        resultMessage: 'INVALID PIN',
        providerCode: '2001',
        providerMessage: 'The initiator information is invalid.',
      }).message,
    ).toBe(
      'Gateway status 3 (failed); result 1 INVALID PIN; provider 2001 The initiator information is invalid.',
    );
  });
});
