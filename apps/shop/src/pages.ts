/** Server-rendered pages. No inline script or style: the shop runs under a strict CSP. */
import { formatMoney } from '@lipwa/core';
import type { Product } from './catalogue.js';
import type { Order } from './orders.js';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

function kes(amount: number): string {
  return formatMoney({ amount, currency: 'KES' });
}

export type Language = 'en' | 'sw';

export function parseLanguage(value: unknown): Language | undefined {
  return value === 'en' || value === 'sw' ? value : undefined;
}

function layout(title: string, body: string, lang: Language = 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Duka la Lipwa</title>
<link rel="stylesheet" href="/assets/shop.css">
<script src="/assets/lipwa.js" defer></script>
<script src="/assets/shop.js" defer></script>
</head>
<body>
<header class="masthead"><a href="/">Duka la Lipwa</a><span>a demo shop paying with M-Pesa through Lipwa</span></header>
<main>${body}</main>
</body>
</html>`;
}

export function cataloguePage(products: readonly Product[], lang?: Language): string {
  const langField = lang ? `<input type="hidden" name="lang" value="${lang}">` : '';
  const cards = products
    .map(
      (product) => `<article class="product">
  <h2>${escapeHtml(product.name)}</h2>
  <p>${escapeHtml(product.blurb)}</p>
  <p class="price">${kes(product.price)}</p>
  <form method="post" action="/checkout"><input type="hidden" name="product" value="${escapeHtml(product.id)}">${langField}<button type="submit">Buy ${escapeHtml(product.name)}</button></form>
</article>`,
    )
    .join('\n');
  return layout('Shop', `<h1>Shop</h1><div class="products">${cards}</div>`, lang);
}

/** `lang` given: the widget speaks it; otherwise it follows the browser's language. */
export function checkoutPage(
  order: Order,
  token: string,
  lang?: Language,
  paybill?: string,
): string {
  const locale = lang ? ` locale="${lang}"` : '';
  const business = paybill ? ` paybill="${escapeHtml(paybill)}"` : '';
  return layout(
    'Checkout',
    `<h1>Checkout</h1>
<p class="summary">${escapeHtml(order.product.name)}, order <code>${escapeHtml(order.reference)}</code></p>
<lipwa-checkout session="${escapeHtml(token)}" api-base="/lipwa"${locale}${business} data-order="${escapeHtml(order.reference)}"></lipwa-checkout>
<p class="after-payment" hidden><a href="/orders/${encodeURIComponent(order.reference)}">See your order</a></p>`,
    lang,
  );
}

const statusText: Record<Order['status'], string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  payment_failed: 'Payment failed',
  needs_review: 'Payment under review',
};

/** `webhooks`: the shop receives its own signed webhooks, so the page counts them. */
export function orderPage(order: Order, { webhooks = false }: { webhooks?: boolean } = {}): string {
  return layout(
    `Order ${order.reference}`,
    `<h1>Order ${escapeHtml(order.reference)}</h1>
<dl class="order">
<dt>Item</dt><dd>${escapeHtml(order.product.name)}</dd>
<dt>Amount</dt><dd>${kes(order.product.price)}</dd>
<dt>Status</dt><dd data-testid="order-status">${statusText[order.status]}</dd>
${order.receipt ? `<dt>M-Pesa receipt</dt><dd>${escapeHtml(order.receipt)}</dd>` : ''}
${order.note ? `<dt>Note</dt><dd>${escapeHtml(order.note)}</dd>` : ''}
${webhooks ? `<dt>Webhooks</dt><dd data-testid="order-webhooks">Webhooks received: ${order.webhooksReceived ?? 0}</dd>` : ''}
</dl>
<p><a href="/">Back to the shop</a></p>`,
  );
}

export function notFoundPage(): string {
  return layout('Not found', '<h1>Not found</h1><p><a href="/">Back to the shop</a></p>');
}
