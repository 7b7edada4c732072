import { describe, expect, it } from 'vitest';
import { darajaResultCodes } from '../daraja/result-codes.js';
import { mapPaymentRequestResult, mapTransactionResult, paymentAppsCodes } from './status-codes.js';

/** `{ status, reason }` without a `reason` key when there is none. */
const verdict = (status: string, reason: string | undefined) =>
  reason === undefined ? { status } : { status, reason };

describe('paymentAppsCodes', () => {
  it.each([
    ['STATUS_COMPLETED', 'completed', undefined],
    ['STATUS_FAILED', 'failed', 'unknown'],
    ['STATUS_DECLINED', 'cancelled', 'cancelled_by_user'],
    ['STATUS_PENDING', 'pending', undefined],
  ])('maps %s to %s (%s)', (code, status, reason) => {
    expect(paymentAppsCodes.statuses[code]).toMatchObject(verdict(status, reason));
    expect(paymentAppsCodes.statuses[code]?.reason).toBe(reason);
  });

  it('lists exactly the documented statuses', () => {
    expect(Object.keys(paymentAppsCodes.statuses).sort()).toEqual([
      'STATUS_COMPLETED',
      'STATUS_DECLINED',
      'STATUS_FAILED',
      'STATUS_PENDING',
    ]);
  });

  it('reads every Daraja ResultCode the way the Daraja adapter does, plus 4999 as pending', () => {
    for (const [code, mapping] of Object.entries(darajaResultCodes)) {
      expect(paymentAppsCodes.resultCodes[code], code).toEqual(mapping);
    }
    expect(paymentAppsCodes.resultCodes['4999']).toMatchObject({ status: 'pending' });
  });

  it.each([
    ['0', 'completed', undefined],
    ['1', 'failed', 'insufficient_funds'],
    ['1032', 'cancelled', 'cancelled_by_user'],
    ['1037', 'failed', 'no_response'],
    ['2001', 'failed', 'wrong_pin'],
    ['4999', 'pending', undefined],
  ])('maps the simulator’s ResultCode %s to %s (%s)', (code, status, reason) => {
    expect(paymentAppsCodes.resultCodes[code]).toMatchObject(verdict(status, reason));
    expect(paymentAppsCodes.resultCodes[code]?.reason).toBe(reason);
  });
});

describe('mapPaymentRequestResult (status check)', () => {
  it('maps a known code, keeping the gateway’s description', () => {
    expect(mapPaymentRequestResult('1032', 'Request cancelled by user')).toEqual({
      status: 'cancelled',
      reason: 'cancelled_by_user',
      providerCode: '1032',
      message: 'Request cancelled by user',
    });
  });

  it('takes the code as a number too', () => {
    expect(mapPaymentRequestResult(0)).toMatchObject({ status: 'completed', providerCode: '0' });
  });

  it('never ends a payment on a code nobody documented: unknown is pending', () => {
    expect(mapPaymentRequestResult('7777')).toEqual({
      status: 'pending',
      providerCode: '7777',
      message: 'Unknown ResultCode 7777; still pending.',
    });
  });

  it('reads a missing ResultCode as pending', () => {
    expect(mapPaymentRequestResult(undefined)).toMatchObject({
      status: 'pending',
      providerCode: 'none',
    });
  });
});

describe('mapTransactionResult (webhook)', () => {
  it('completes on STATUS_COMPLETED with result code 0', () => {
    expect(mapTransactionResult('STATUS_COMPLETED', '0')).toMatchObject({
      status: 'completed',
      providerCode: '0',
    });
  });

  it('completes on STATUS_COMPLETED without a result code', () => {
    expect(mapTransactionResult('STATUS_COMPLETED')).toMatchObject({
      status: 'completed',
      providerCode: 'STATUS_COMPLETED',
    });
  });

  it.each([
    ['STATUS_FAILED', '1', 'failed', 'insufficient_funds'],
    ['STATUS_FAILED', '2001', 'failed', 'wrong_pin'],
    ['STATUS_FAILED', '1037', 'failed', 'no_response'],
    ['STATUS_DECLINED', '1032', 'cancelled', 'cancelled_by_user'],
    ['STATUS_FAILED', '1032', 'cancelled', 'cancelled_by_user'],
  ])('lets %s with code %s say why: %s / %s', (status, code, expected, reason) => {
    expect(mapTransactionResult(status, code)).toMatchObject({
      status: expected,
      reason,
      providerCode: code,
    });
  });

  it('keeps a failure final when its code is unknown, with reason unknown', () => {
    expect(mapTransactionResult('STATUS_FAILED', '555')).toMatchObject({
      status: 'failed',
      reason: 'unknown',
      providerCode: '555',
    });
  });

  it('refuses to guess when status and code contradict each other', () => {
    expect(mapTransactionResult('STATUS_COMPLETED', '1').status).toBe('pending');
    expect(mapTransactionResult('STATUS_FAILED', '0').status).toBe('pending');
  });

  it('reads an unknown status as pending, whatever the code', () => {
    expect(mapTransactionResult('STATUS_REVERSED', '0')).toMatchObject({
      status: 'pending',
      providerCode: 'STATUS_REVERSED',
    });
  });

  it('reads STATUS_PENDING as pending', () => {
    expect(mapTransactionResult('STATUS_PENDING', null).status).toBe('pending');
  });
});
