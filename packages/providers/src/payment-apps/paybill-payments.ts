/**
 * Paybill payments through the gateway, for the kit's manual-payment matching (`manualPayments`):
 * a customer who got no prompt pays the merchant's paybill (`MpesaKeC2B`) app by hand, and the
 * gateway reports it with the same signed webhook as everything else. This reads a verified
 * webhook as such a payment when it is one: money in (`PAYMENT_IN`) to the configured
 * `paybillApp`.
 *
 * There is no validation step to offer: the gateway answers Daraja's C2B validation itself
 * (`/api/pay/{app}/callback/validation` on the gateway), so the merchant only hears of a payment
 * once it arrived. An unknown reference or a wrong amount is therefore kept for review by the
 * kit, never refused before the money is taken.
 */
import { CallbackError, type CallbackInput, type Money } from '@lipwa/core';
import { webhookAck } from './webhook.js';
import type { PaymentAppsWebhooks } from './webhook-events.js';

/** A paybill payment as the gateway reported it, verified (the kit's `ManualPayment`). */
export interface PaymentAppsPaybillPayment {
  /** The account number the customer typed (`reference`): the checkout's reference. */
  readonly accountReference: string;
  readonly amount: Money;
  /** The M-Pesa receipt (`transaction_id`), else the Salami id: one payment, however often reported. */
  readonly receipt: string;
  /** The payer's number as the gateway sent it; never logged. */
  readonly phone?: string | undefined;
  readonly paidAt?: string | undefined;
  /** False unless the gateway says `STATUS_COMPLETED`: such a webhook changes nothing. */
  readonly settled: boolean;
}

export interface PaymentAppsManualPayments {
  /**
   * Verifies the signature, then the paybill payment this webhook reports, or undefined when it
   * reports anything else (a checkout's prompt, money out, another app): the checkout's own
   * callback handling takes those. Throws `CallbackError` for a forged or malformed webhook.
   */
  parseWebhook(input: CallbackInput): Promise<PaymentAppsPaybillPayment | undefined>;
  /** For a webhook rule that sends only paybill payments to its own URL: anything else is refused. */
  parseConfirmation(input: CallbackInput): Promise<PaymentAppsPaybillPayment>;
  /** What the gateway must hear so it stops retrying. */
  acknowledge(): { readonly status: 200; readonly body: { readonly received: true } };
}

export function createPaymentAppsManualPayments(
  webhooks: PaymentAppsWebhooks,
  paybillApp: string,
): PaymentAppsManualPayments {
  async function parseWebhook(input: CallbackInput) {
    const { transaction } = await webhooks.verify(input);
    if (transaction.type !== 'PAYMENT_IN' || transaction.appId !== paybillApp) return undefined;
    const settled = transaction.status === 'STATUS_COMPLETED';
    const receipt = transaction.receipt?.trim();
    if (settled && (!receipt || !/^[A-Za-z0-9]{1,32}$/.test(receipt))) {
      throw new CallbackError(
        'invalid_callback',
        'Not a payment-apps paybill payment: a completed payment must carry its M-Pesa receipt as transaction_id.',
        { details: { why: 'receipt' } },
      );
    }
    return {
      accountReference: transaction.reference ?? '',
      amount: transaction.amount,
      receipt: receipt || `salami-${transaction.id}`,
      phone: transaction.payer.account ?? undefined,
      paidAt: transaction.transactionTime,
      settled,
    };
  }

  return {
    parseWebhook,
    async parseConfirmation(input) {
      const payment = await parseWebhook(input);
      if (payment === undefined) {
        throw new CallbackError(
          'invalid_callback',
          `Not a payment-apps paybill payment: this URL takes money in to paybill app ${paybillApp} only; point other webhook rules at the kit's /callbacks/payment-apps.`,
          { details: { why: 'not_paybill' } },
        );
      }
      return payment;
    },
    acknowledge: () => ({ status: 200, body: { ...webhookAck } as { received: true } }),
  };
}
