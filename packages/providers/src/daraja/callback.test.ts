import { CallbackError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { parseStkCallback } from './callback.js';
import { checkoutRequestId, failureCallbackBody, successCallbackBody } from './test-payloads.js';

function callbackWith(stkCallback: Record<string, unknown>): string {
  return JSON.stringify({ Body: { stkCallback } });
}

function successWithItems(items: unknown[]): string {
  return callbackWith({
    MerchantRequestID: '29115-34620561-1',
    CheckoutRequestID: checkoutRequestId,
    ResultCode: 0,
    ResultDesc: 'The service request is processed successfully.',
    CallbackMetadata: { Item: items },
  });
}

function invalidCallbackReason(rawBody: string): string {
  try {
    parseStkCallback(rawBody);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).code).toBe('invalid_callback');
    return (error as CallbackError).message;
  }
  throw new Error('expected parseStkCallback to throw');
}

describe('parseStkCallback', () => {
  it('reads a real success callback: amount in cents, receipt, Nairobi date as UTC ISO, phone as text', () => {
    const update = parseStkCallback(successCallbackBody);

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status: 'completed',
      reason: undefined,
      providerCode: '0',
      message: 'The service request is processed successfully.',
      receipt: 'NLJ7RT61SV',
      amount: { amount: 100, currency: 'KES' },
      paidAt: '2019-12-19T07:21:15.000Z',
      phone: '254708374149',
    });
  });

  it.each([
    [1032, 'Request cancelled by user', 'cancelled', 'cancelled_by_user'],
    [1, 'The balance is insufficient for the transaction.', 'failed', 'insufficient_funds'],
    [1037, 'DS timeout user cannot be reached', 'failed', 'no_response'],
    [2001, 'The initiator information is invalid.', 'failed', 'wrong_pin'],
    [1019, 'Transaction has expired', 'expired', 'no_response'],
    [1031, 'Request cancelled by user', 'cancelled', 'cancelled_by_user'],
    [1036, 'SMSC ACK timeout.', 'failed', 'prompt_failed'],
    [1101, 'Unable to push the request', 'failed', 'prompt_failed'],
    [31337, 'Never seen before', 'failed', 'unknown'],
  ])('reads a failure callback with ResultCode %i', (code, desc, status, reason) => {
    const update = parseStkCallback(failureCallbackBody(code, desc));

    expect(update).toEqual({
      providerRef: checkoutRequestId,
      status,
      reason,
      providerCode: String(code),
      message: desc,
    });
  });

  it.each([
    ['1032', 'cancelled', 'cancelled_by_user'],
    ['SFC_IC0003', 'failed', 'not_permitted'],
    ['SFC_IC9999', 'failed', 'unknown'],
  ])('reads a ResultCode sent as the text %j', (code, status, reason) => {
    const update = parseStkCallback(
      callbackWith({ CheckoutRequestID: checkoutRequestId, ResultCode: code, ResultDesc: 'x' }),
    );

    expect(update).toMatchObject({ status, reason, providerCode: code });
  });

  it('reads a success whose ResultCode is the text "0"', () => {
    const update = parseStkCallback(
      successCallbackBody.replace('"ResultCode": 0', '"ResultCode": "0"'),
    );

    expect(update).toMatchObject({ status: 'completed', providerCode: '0', receipt: 'NLJ7RT61SV' });
  });

  it('keeps a 4999 callback pending: it does not say the payment ended', () => {
    const update = parseStkCallback(
      failureCallbackBody(4999, 'The transaction is still under processing'),
    );

    expect(update).toMatchObject({ status: 'pending', providerCode: '4999' });
    expect(update.reason).toBeUndefined();
  });

  it('keeps a masked phone number as Daraja sent it', () => {
    const update = parseStkCallback(
      successWithItems([
        { Name: 'Amount', Value: 10 },
        { Name: 'MpesaReceiptNumber', Value: 'TGR1A2B3C4' },
        { Name: 'PhoneNumber', Value: '2547*****149' },
      ]),
    );

    expect(update.phone).toBe('2547*****149');
    expect(update.paidAt).toBeUndefined();
  });

  it('accepts a success without PhoneNumber or TransactionDate', () => {
    const update = parseStkCallback(
      successWithItems([
        { Name: 'Amount', Value: 250000 },
        { Name: 'MpesaReceiptNumber', Value: 'TGR1A2B3C4' },
      ]),
    );

    expect(update.amount).toEqual({ amount: 25_000_000, currency: 'KES' });
    expect(update.phone).toBeUndefined();
  });

  it('converts an amount with cents exactly', () => {
    const update = parseStkCallback(
      successWithItems([
        { Name: 'Amount', Value: 10.5 },
        { Name: 'MpesaReceiptNumber', Value: 'TGR1A2B3C4' },
      ]),
    );

    expect(update.amount).toEqual({ amount: 1050, currency: 'KES' });
  });

  it.each([
    ['a body that is not JSON', 'ResultCode=0', 'not JSON'],
    ['an already parsed object turned into text', '[object Object]', 'not JSON'],
    ['JSON without Body', '{"stkCallback":{}}', 'expected {"Body"'],
    ['Body without stkCallback', '{"Body":{}}', 'expected {"Body"'],
    ['a JSON array', '[]', 'expected {"Body"'],
    [
      'an empty ResultCode',
      callbackWith({ CheckoutRequestID: checkoutRequestId, ResultCode: ' ' }),
      'ResultCode',
    ],
    ['a missing ResultCode', callbackWith({ CheckoutRequestID: checkoutRequestId }), 'ResultCode'],
    [
      'a fractional ResultCode',
      callbackWith({ CheckoutRequestID: checkoutRequestId, ResultCode: 0.5 }),
      'ResultCode',
    ],
    ['a missing CheckoutRequestID', callbackWith({ ResultCode: 1032 }), 'CheckoutRequestID'],
    [
      'a numeric CheckoutRequestID',
      callbackWith({ CheckoutRequestID: 42, ResultCode: 1032 }),
      'CheckoutRequestID',
    ],
    [
      'a non-text ResultDesc',
      callbackWith({ CheckoutRequestID: checkoutRequestId, ResultCode: 1032, ResultDesc: 7 }),
      'ResultDesc',
    ],
    [
      'a success without CallbackMetadata',
      callbackWith({ CheckoutRequestID: checkoutRequestId, ResultCode: 0 }),
      'CallbackMetadata',
    ],
    [
      'a success without a receipt',
      successWithItems([{ Name: 'Amount', Value: 1 }]),
      'MpesaReceiptNumber',
    ],
    [
      'a success without an amount',
      successWithItems([{ Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' }]),
      'Amount',
    ],
    [
      'a negative amount',
      successWithItems([
        { Name: 'Amount', Value: -5 },
        { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
      ]),
      'Amount',
    ],
    [
      'an amount with three decimals',
      successWithItems([
        { Name: 'Amount', Value: 1.005 },
        { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
      ]),
      'two decimals',
    ],
    [
      'an impossible TransactionDate',
      successWithItems([
        { Name: 'Amount', Value: 1 },
        { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
        { Name: 'TransactionDate', Value: 20191332102115 },
      ]),
      'TransactionDate',
    ],
    ['an item without a Name', successWithItems([{ Value: 1 }]), 'Name'],
  ])('refuses %s with invalid_callback', (_case, rawBody, reason) => {
    expect(invalidCallbackReason(rawBody)).toContain(reason);
  });
});
