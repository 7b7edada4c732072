/** A public payment view for tests, shaped as the server's `toPaymentView` makes them. */
import type { PaymentView } from '../schemas.js';

export function paymentView(overrides: Partial<PaymentView> = {}): PaymentView {
  const id = overrides.id ?? 'pay_test_1';
  return {
    id,
    sessionId: `ses_${id}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORDER-1',
    phone: '2547•••••149',
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:01.000Z',
    ...overrides,
  };
}
