/**
 * Webhooks to the merchant: the app's one catch-all rule POSTs each settled transaction to the
 * URL registered in the dashboard (`kit.webhookUrl('payment-apps')`), signed with
 * `X-Salami-Signature` over the exact bytes sent.
 */
import type { SimulatorKit } from '../kit.js';
import type { SalamiTransaction } from './ledger.js';
import { paymentAppsSandbox } from './sandbox.js';
import { paymentAppsSignature, SIGNATURE_HEADER } from './signature.js';
import { webhookBody } from './transaction-record.js';

export async function deliverWebhook(
  kit: SimulatorKit,
  transaction: SalamiTransaction,
  copies: 0 | 1 | 2,
): Promise<void> {
  const url = kit.webhookUrl('payment-apps');
  if (url === undefined) {
    kit.log(
      `payment-apps webhook for transaction ${transaction.id} not sent: no webhook URL registered (option webhooks or PUT /_control/webhooks/payment-apps)`,
    );
    return;
  }
  const body = webhookBody(transaction);
  const rawBody = JSON.stringify(body);
  await kit.deliver(
    {
      provider: 'payment-apps',
      requestId: String(transaction.id),
      url,
      body,
      rawBody,
      headers: {
        [SIGNATURE_HEADER]: paymentAppsSignature(paymentAppsSandbox.webhookSecret, rawBody),
        'user-agent': 'Salami-Webhook/1.0',
      },
    },
    copies,
  );
}
