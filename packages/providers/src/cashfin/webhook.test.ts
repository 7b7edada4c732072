import { CallbackError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { webhookEvent } from './test-fake-cashfin.js';
import { parseCashfinWebhook } from './webhook.js';

const parse = (event: unknown) => parseCashfinWebhook(JSON.stringify(event));

function malformed(run: () => unknown): CallbackError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).code).toBe('invalid_callback');
    return error as CallbackError;
  }
  throw new Error('expected the webhook to be refused');
}

describe('Cashfin payment webhooks', () => {
  it('maps payment.completed to one completed update with amount, receipt and masked phone', () => {
    expect(parse(webhookEvent('payment.completed'))).toEqual([
      {
        providerRef: 'ws_CO_123456789',
        status: 'completed',
        providerCode: '0',
        message: 'The service request is processed successfully.',
        amount: { amount: 150_000, currency: 'KES' },
        receipt: 'TCE7RT61SV',
        phone: '2547•••••678',
        paidAt: '2025-03-14T09:30:12.000Z',
      },
    ]);
  });

  it('reads Cashfin’s float money exactly, and amounts sent as text', () => {
    const [cents] = parse(webhookEvent('payment.completed', { amount: 1999.99 }));
    const [text] = parse(webhookEvent('payment.completed', { amount: '1500.00' }));

    expect(cents?.amount).toEqual({ amount: 199_999, currency: 'KES' });
    expect(text?.amount).toEqual({ amount: 150_000, currency: 'KES' });
  });

  it.each([
    [{ status: 'failed', resultcode: '1' }, 'failed', 'insufficient_funds', '1'],
    [{ status: 'failed', resultcode: 2001 }, 'failed', 'wrong_pin', '2001'],
    [{ status: 'cancelled', resultcode: '1032' }, 'cancelled', 'cancelled_by_user', '1032'],
    [{ status: 'failed', resultcode: '1037' }, 'failed', 'no_response', '1037'],
    [{ status: 'failed', resultcode: '4242' }, 'failed', 'unknown', '4242'],
    [{ status: 'reversed', resultcode: undefined }, 'failed', 'unknown', 'reversed'],
  ])('maps payment.failed %o to %s (%s)', (data, status, reason, code) => {
    const [update] = parse(
      webhookEvent('payment.failed', {
        mpesareceiptnumber: undefined,
        resultdesc: undefined,
        ...data,
      }),
    );

    expect(update).toMatchObject({
      providerRef: 'ws_CO_123456789',
      status,
      reason,
      providerCode: code,
    });
    expect(update).not.toHaveProperty('receipt');
  });

  it('maps payment.initiated to a pending update', () => {
    expect(parse(webhookEvent('payment.initiated', { status: 'pending' }))).toEqual([
      {
        providerRef: 'ws_CO_123456789',
        status: 'pending',
        providerCode: 'pending',
        phone: '2547•••••678',
      },
    ]);
  });

  it('acknowledges other events (invoices, subscriptions) without updates', () => {
    expect(parse({ type: 'invoice.paid', data: { _id: '507f1f77bcf86cd799439011' } })).toEqual([]);
    expect(parse({ type: 'subscription.renewed', data: {} })).toEqual([]);
  });

  it('keeps a phone Cashfin already masked as it came', () => {
    const [update] = parse(webhookEvent('payment.completed', { phone: '2547 ***** 678' }));

    expect(update?.phone).toBe('2547 ***** 678');
  });

  it.each([
    ['is not JSON', () => parseCashfinWebhook('{"type":')],
    ['has no type', () => parse({ data: {} })],
    [
      'has no checkoutrequestid',
      () => parse(webhookEvent('payment.completed', { checkoutrequestid: undefined })),
    ],
    ['has no status', () => parse(webhookEvent('payment.failed', { status: undefined }))],
    [
      'is completed without an amount',
      () => parse(webhookEvent('payment.completed', { amount: undefined })),
    ],
    ['has a negative amount', () => parse(webhookEvent('payment.completed', { amount: -5 }))],
    [
      'has an amount with more than two decimals',
      () => parse(webhookEvent('payment.completed', { amount: 10.001 })),
    ],
    [
      'says completed with status failed',
      () => parse(webhookEvent('payment.completed', { status: 'failed', resultcode: '1' })),
    ],
    [
      'says completed with a failure code',
      () => parse(webhookEvent('payment.completed', { resultcode: '1032' })),
    ],
    [
      'says failed with status completed',
      () => parse(webhookEvent('payment.failed', { status: 'completed' })),
    ],
    [
      'says failed with status pending',
      () => parse(webhookEvent('payment.failed', { status: 'pending' })),
    ],
    [
      'says failed with the success code',
      () => parse(webhookEvent('payment.failed', { status: 'failed', resultcode: '0' })),
    ],
    [
      'has a receipt that is not a receipt',
      () => parse(webhookEvent('payment.completed', { mpesareceiptnumber: '<script>' })),
    ],
  ])('refuses a webhook that %s, never completing on doubt', (_what, run) => {
    malformed(run);
  });
});
