// What an app bundled by webpack writes to take payments: the package's `define` entry, which
// registers <lipwa-checkout>. Its after-"Pay" code and each language's payment texts are
// `import()`s inside the package, which webpack splits into chunks of their own unaided.
import '@lipwa/checkout/define';

/** The shop's Lipwa router, on this page's origin (serve.js forwards it to the shop). */
const apiBase = '/lipwa';

/**
 * Asks the shop for a session for one product, as apps/spa does: the widget's `session-url`
 * POSTs no body, and this shop needs to know the product.
 * @param {string} product
 * @returns {Promise<string>}
 */
async function createSession(product) {
  const response = await fetch(`${apiBase}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ product }),
  });
  const body = await response.json();
  if (!response.ok || typeof body?.token !== 'string') {
    throw new Error(`The shop gave no session (HTTP ${response.status}).`);
  }
  return body.token;
}

const status = /** @type {HTMLElement} */ (document.getElementById('order-status'));
const checkout = document.createElement('lipwa-checkout');
checkout.setAttribute('api-base', apiBase);
checkout.addEventListener('lipwa-success', (event) => {
  const { payment } = /** @type {import('@lipwa/checkout').LipwaSuccessEvent} */ (event).detail;
  status.textContent = `Paid: receipt ${payment.receipt ?? ''}`;
});
document.getElementById('checkout')?.append(checkout);

createSession('kikoi').then(
  (token) => {
    checkout.session = token;
  },
  (error) => {
    status.textContent = String(error);
  },
);
