/** The body of `POST /payments` from what the customer chose and typed, or why not to send it. */
import type { PaymentMethod, PhoneRejection, StartPaymentBody } from '@lipwa/core';
import { checkMsisdn } from '@lipwa/core';
import { returnUrlFrom } from './redirect-target.js';

export type PaymentRequest =
  | { readonly ok: true; readonly body: StartPaymentBody }
  | { readonly ok: false; readonly rejection: PhoneRejection };

/**
 * An STK method sends the normalised phone; a redirect method (a hosted page) sends the page to
 * come back to instead. No method (an older server): the phone alone.
 */
export function paymentRequest(
  method: PaymentMethod | undefined,
  typedPhone: string,
  pageHref: string,
): PaymentRequest {
  const body: StartPaymentBody = method ? { method: method.id } : {};
  if (method?.flow === 'redirect') {
    body.returnUrl = returnUrlFrom(pageHref);
    return { ok: true, body };
  }
  const parsed = checkMsisdn(typedPhone);
  if (!parsed.ok) return { ok: false, rejection: parsed.reason };
  body.phone = parsed.msisdn;
  return { ok: true, body };
}
