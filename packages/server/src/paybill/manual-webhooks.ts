/**
 * A provider with one fixed webhook URL (payment-apps) reports Paybill payments on it beside its
 * checkout callbacks: each webhook on `POST /callbacks/:provider` is offered to the manual-payment
 * matcher first, and whatever it does not claim goes to the checkout's callback handling. A
 * webhook that is not a Paybill payment is verified twice (an HMAC each): cheap, and it keeps
 * the two handlers independent.
 */
import type { CallbackHandlers } from '../payments/callback-handler.js';
import type { ManualPaymentHandlers } from './manual-payments.js';

export function withManualPaymentWebhooks(
  callbacks: CallbackHandlers,
  manual: Pick<ManualPaymentHandlers, 'webhook'>,
): CallbackHandlers {
  return {
    perPayment: (providerId, token, input) => callbacks.perPayment(providerId, token, input),
    async fixed(providerId, input) {
      return (await manual.webhook(providerId, input)) ?? callbacks.fixed(providerId, input);
    },
  };
}
