/**
 * The virtual phone's "Pay by Paybill" form, when the business number is a payment-apps paybill
 * (`MpesaKeC2B`) app in sandbox mode: the payment is made like `simulateTransaction` on that app
 * (the record completes and its signed webhook goes to the merchant's URL). The gateway asks the
 * merchant nothing first (it answers Daraja's validation itself), so it is always accepted.
 */
import type { C2bPayment, C2bVerdict } from '../daraja/c2b-engine.js';
import type { SimulatorKit } from '../kit.js';
import { createIncomingMoney } from './c2b.js';
import type { PaymentAppsGateway } from './payment-apps-gateway.js';
import { simulatedApps } from './sandbox.js';

/** The verdict, or undefined when no sandbox paybill app has this business number. */
export type PaymentAppsPayBill = (payment: C2bPayment) => C2bVerdict | undefined;

export function paymentAppsPayBill(
  kit: SimulatorKit,
  gateway: PaymentAppsGateway,
): PaymentAppsPayBill {
  const incoming = createIncomingMoney(kit, gateway.ledger);
  return (payment) => {
    const app = simulatedApps.find(
      (candidate) =>
        candidate.type === 'MpesaKeC2B' &&
        !candidate.isLive &&
        candidate.shortcode === payment.shortcode,
    );
    if (!app || payment.till) return undefined;
    incoming.simulate(app, {
      phone: payment.phone,
      amount: payment.amount,
      reference: payment.billRefNumber,
    });
    return 'accepted';
  };
}
