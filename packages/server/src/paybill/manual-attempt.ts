/**
 * The record of a Paybill/Till payment for a checkout whose last attempt ended unsuccessfully:
 * the customer got no prompt (or it failed) and paid by hand. It is a new attempt of the same
 * checkout, for the same reference and amount, whose provider reference is the receipt.
 */
import { randomUUID } from 'node:crypto';
import { hashCallbackToken, newCallbackToken } from '../payments/callback-token.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { ManualPayment } from './manual-payment-hook.js';

export function manualAttempt(
  previous: PaymentRecord,
  provider: string,
  payment: ManualPayment,
  now: number,
): PaymentRecord {
  return {
    id: `pay_${randomUUID().replaceAll('-', '')}`,
    sessionId: previous.sessionId,
    provider,
    status: 'pending',
    amount: previous.amount,
    reference: previous.reference,
    description: previous.description,
    providerRef: payment.receipt,
    providerData: { channel: 'manual' },
    // No provider will call back on a per-payment URL for it: the token exists only because
    // every record has one, and nobody learns it.
    callbackTokenHash: hashCallbackToken(newCallbackToken()),
    createdAt: now,
    updatedAt: now,
    queryCount: 0,
    version: 1,
  };
}
