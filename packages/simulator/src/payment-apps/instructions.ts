/**
 * `getInstructions/{transaction}`: an HTML view telling the customer how to pay by hand, for the
 * transaction's app (a paybill's business and account numbers, a till's number). Everything
 * from the record is escaped.
 */
import { escapeHtml, formatShillings } from '../html.js';
import type { SalamiTransaction } from './ledger.js';

export function paymentInstructions(transaction: SalamiTransaction): string {
  const { app } = transaction;
  const business = escapeHtml(app.shortcode);
  const account = escapeHtml(transaction.reference ?? String(transaction.id));
  const shillings = Number.isInteger(transaction.amount)
    ? String(transaction.amount)
    : transaction.amount.toFixed(2);
  const amount = escapeHtml(`KES ${formatShillings(shillings)}`);
  const steps =
    app.type === 'MpesaKePersonal'
      ? [
          'Go to M-PESA on your phone',
          'Select <b>Send Money</b>',
          `Enter phone number <b>${business}</b>`,
          `Enter amount <b>${amount}</b>`,
          'Enter your M-PESA PIN and send',
        ]
      : [
          'Go to M-PESA on your phone',
          'Select <b>Lipa na M-PESA</b>, then <b>Pay Bill</b>',
          `Enter business number <b>${business}</b>`,
          `Enter account number <b>${account}</b>`,
          `Enter amount <b>${amount}</b>`,
          'Enter your M-PESA PIN and send',
        ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>How to pay ${escapeHtml(app.payeeName)}</title></head>
<body><main class="payment-instructions" data-transaction="${transaction.id}">
<h1>Pay ${escapeHtml(app.payeeName)} with M-PESA</h1>
<ol>
${steps.map((step) => `<li>${step}</li>`).join('\n')}
</ol>
<p>You will receive a confirmation SMS from M-PESA.</p>
</main></body></html>`;
}
