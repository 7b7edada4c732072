/**
 * CashPay's hosted payment page as the simulator serves it: plain server-rendered HTML with an
 * external stylesheet and no script at all, so it works under the strictest CSP. The three
 * buttons are ordinary form submissions with stable accessible names for Playwright.
 */
import { escapeHtml, formatShillings } from '../html.js';
import type { ChargeRecord } from './charges.js';

export const paymentPageStyles = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: grid; place-items: center; min-height: 100vh; background: Canvas; color: CanvasText; }
main { max-width: 24rem; width: 100%; padding: 1.5rem; border: 1px solid GrayText; border-radius: 0.75rem; }
h1 { font-size: 1.1rem; margin: 0 0 1rem; }
.amount { font-size: 2rem; font-weight: 700; margin: 0.25rem 0 1rem; }
.actions { display: grid; gap: 0.5rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.7rem 1rem; border-radius: 0.5rem; border: 1px solid GrayText; cursor: pointer; }
button[value="approve"] { background: #0a7d32; color: #fff; border-color: #0a7d32; }
button[value="decline"] { background: #b3261e; color: #fff; border-color: #b3261e; }
.muted { color: GrayText; font-size: 0.9rem; }`;

/** The CSP for the page: no script, styles from here, forms only here or back to the merchant. */
export function paymentPageCsp(redirectUrl: string): string {
  // A form post answered by a 303 to the merchant is checked against form-action too.
  const merchant = URL.canParse(redirectUrl) ? ` ${new URL(redirectUrl).origin}` : '';
  return `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'${merchant}; base-uri 'none'; frame-ancestors 'none'`;
}

function page(title: string, body: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(stylesheet)}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const settledText = {
  CAPTURED: 'This payment was approved.',
  FAILED: 'This payment was declined.',
} as const;

export interface PaymentPageContext {
  readonly merchant: string;
  /** Where the forms post, e.g. `/cashpay/pay/chg_…`. */
  readonly actionBase: string;
  readonly stylesheet: string;
}

export function renderPaymentPage(record: ChargeRecord, context: PaymentPageContext): string {
  const { request } = record;
  const merchant = escapeHtml(context.merchant);
  const amount = `${escapeHtml(request.currency)} ${formatShillings(request.amount)}`;
  const details = `<h1>Pay ${merchant}</h1>
<p class="muted">CashPay simulator · charge ${escapeHtml(record.id)}</p>
<p class="amount" aria-label="Amount">${amount}</p>
${request.description ? `<p>${escapeHtml(request.description)}</p>` : ''}
${request.reference ? `<p class="muted">Reference ${escapeHtml(request.reference)}</p>` : ''}`;
  if (record.status !== 'INITIATED') {
    const text = settledText[record.status];
    return page(
      `${text} ${context.merchant}`,
      `${details}
<p role="status">${text}</p>
<p><a href="${escapeHtml(request.redirectUrl)}">Return to ${merchant}</a></p>`,
      context.stylesheet,
    );
  }
  const action = escapeHtml(context.actionBase);
  return page(
    `Pay ${context.merchant} ${request.currency} ${request.amount}`,
    `${details}
<form class="actions" method="post" action="${action}/approve">
  <button type="submit" name="action" value="approve">Approve payment</button>
  <button type="submit" name="action" value="decline" formaction="${action}/decline">Decline payment</button>
  <button type="submit" name="action" value="close" formaction="${action}/close">Close without paying</button>
</form>`,
    context.stylesheet,
  );
}

export function renderMissingCharge(id: string, stylesheet: string): string {
  return page(
    'Payment not found',
    `<h1>Payment not found</h1>
<p>CashPay has no charge "${escapeHtml(id)}". Go back to the shop and start again.</p>`,
    stylesheet,
  );
}
