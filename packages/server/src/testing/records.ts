/**
 * Stored payment records for tests, each unique (id, session, reference, callback-token hash),
 * shaped as the kit creates them: a pending KES 1,500.00 STK attempt. Pass overrides for the rest.
 */
import type { PaymentRecord } from '../stores/payment-record.js';

let counter = 0;

export function paymentRecord(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  counter += 1;
  const createdAt = Date.parse('2025-03-01T09:00:00.000Z') + counter;
  return {
    id: `pay_test_${counter}`,
    sessionId: `ses_test_${counter}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: `ORDER-${counter}`,
    phone: '254712345678' as PaymentRecord['phone'],
    callbackTokenHash: `${counter}`.padStart(64, 'a'),
    createdAt,
    updatedAt: createdAt,
    queryCount: 0,
    version: 1,
    ...overrides,
  };
}
