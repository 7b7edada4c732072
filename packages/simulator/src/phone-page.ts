/**
 * The virtual phone's HTML. Rendered on the server so prompts show without JavaScript; the
 * external `/phone.js` then keeps the list fresh. No inline script or style: it works under
 * `script-src 'self'`.
 */
import type { Prompt } from './engine.js';
import { escapeHtml, formatShillings } from './html.js';
import { renderPaybillForm } from './phone-paybill.js';

export function promptText(
  prompt: Pick<Prompt, 'amount' | 'currency' | 'payee' | 'reference'>,
): string {
  return `Pay ${prompt.currency} ${formatShillings(prompt.amount)} to ${prompt.payee} for ${prompt.reference}? Enter M-Pesa PIN`;
}

export function renderPrompt(prompt: Prompt): string {
  const id = encodeURIComponent(prompt.id);
  const phone = escapeHtml(prompt.phone);
  return `<article class="prompt" aria-label="Prompt for ${phone}" data-id="${escapeHtml(prompt.id)}">
  <p class="to">To ${phone}</p>
  <p class="text">${escapeHtml(promptText(prompt))}</p>
  <form method="post" action="/phone/prompts/${id}/pin">
    <label>M-Pesa PIN <input name="pin" type="password" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" minlength="4" required autocomplete="off"></label>
    <button type="submit">Send</button>
    <button type="submit" formaction="/phone/prompts/${id}/cancel" formnovalidate>Cancel</button>
  </form>
</article>`;
}

export function renderPhonePage(
  prompts: readonly Prompt[],
  msisdn: string | undefined,
  notice?: string,
): string {
  const title = msisdn ? `Virtual phone ${escapeHtml(msisdn)}` : 'Virtual phone';
  const list = prompts.map(renderPrompt).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/phone.css">
<script type="module" src="/phone.js"></script>
</head>
<body>
<main data-msisdn="${escapeHtml(msisdn ?? '')}">
  <h1>${title}</h1>
  <p class="hint">STK prompts sent by the Lipwa simulator appear here. PIN 0000 is a wrong PIN; any other four digits approve.</p>
  <p role="status" aria-live="polite" id="status">${escapeHtml(notice ?? '')}</p>
  <section aria-label="Pending prompts" id="prompts">
${list}
  </section>
  <p id="empty"${prompts.length === 0 ? '' : ' hidden'}>No pending prompts.</p>
${renderPaybillForm(msisdn)}
</main>
</body>
</html>`;
}
