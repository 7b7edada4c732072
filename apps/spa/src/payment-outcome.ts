/**
 * What the shop page itself says about the order, derived from the widget's events. The words
 * for a failure come from the widget's own strings so the page and the widget agree.
 */
import type { LipwaPaymentDetail } from '@lipwa/checkout';
import { stringsFor } from '@lipwa/checkout';

export type PaymentOutcome =
  | { readonly kind: 'paid'; readonly receipt: string; readonly reference: string }
  | { readonly kind: 'failed'; readonly message: string; readonly reference: string };

export function paidOutcome({ payment }: LipwaPaymentDetail): PaymentOutcome {
  return { kind: 'paid', receipt: payment.receipt ?? '', reference: payment.reference };
}

export function failedOutcome({ payment }: LipwaPaymentDetail, locale = 'en'): PaymentOutcome {
  const strings = stringsFor(locale);
  const message =
    payment.status === 'reversed'
      ? strings.reversedBody
      : strings.reasons[payment.reason ?? 'unknown'];
  return { kind: 'failed', message, reference: payment.reference };
}
