import type { LipwaPaymentDetail } from '@lipwa/checkout';
import { stringsFor } from '@lipwa/checkout';
import { describe, expect, it } from 'vitest';
import { failedOutcome, paidOutcome } from './payment-outcome.js';

type PaymentView = LipwaPaymentDetail['payment'];

/** A payment as GET /payments/:id returns it for the kikoi (KES 1,500). */
function payment(overrides: Partial<PaymentView>): LipwaPaymentDetail {
  return {
    payment: {
      id: 'pay_01JC8Z1',
      sessionId: 'ses_01JC8Z0',
      provider: 'mpesa',
      status: 'pending',
      amount: { amount: 150000, currency: 'KES' },
      reference: 'LWD53587740D',
      phone: '2547•••••000',
      createdAt: '2025-11-23T12:00:00.000Z',
      updatedAt: '2025-11-23T12:00:01.000Z',
      ...overrides,
    },
  };
}

describe('what the page says about the order after the widget reports an outcome', () => {
  it('thanks the customer with the M-Pesa receipt on lipwa-success', () => {
    const detail = payment({ status: 'completed', receipt: 'NLJ7RT61SV' });

    expect(paidOutcome(detail)).toEqual({
      kind: 'paid',
      receipt: 'NLJ7RT61SV',
      reference: 'LWD53587740D',
    });
  });

  it('words a failure with the same sentence the widget shows for that reason', () => {
    const detail = payment({ status: 'failed', reason: 'insufficient_funds', providerCode: '1' });

    expect(failedOutcome(detail)).toEqual({
      kind: 'failed',
      message: stringsFor('en').reasons.insufficient_funds,
      reference: 'LWD53587740D',
    });
  });

  it('falls back to the unknown reason when the failure carries none', () => {
    const detail = payment({ status: 'failed' });

    expect(failedOutcome(detail)).toMatchObject({ message: stringsFor('en').reasons.unknown });
  });

  it('explains a reversal rather than calling it a plain failure', () => {
    const detail = payment({ status: 'reversed', receipt: 'NLJ7RT61SV' });

    expect(failedOutcome(detail)).toMatchObject({ message: stringsFor('en').reversedBody });
  });
});
