/**
 * The addresses of the redirect flow: the page the customer comes back to, the hosted page a
 * redirect payment continues on, and whether it is safe to open (only http(s) addresses are ever
 * opened or rendered). Used from "Pay" on, so part of the after-"Pay" file.
 */
import type { PaymentView } from '@lipwa/core';
import { httpUrl } from './hosted-page.js';

/** The hosted page a redirect payment continues on, as the server sent it (not yet checked). */
export function redirectTarget(
  payment: { next?: PaymentView['next'] } | undefined,
): string | undefined {
  const next = payment?.next;
  return next?.type === 'redirect' ? next.url : undefined;
}

/** Only http(s) hosted pages are opened or rendered; anything else (`javascript:`) is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  return url ? httpUrl(url, globalThis.location?.href)?.href : undefined;
}

/**
 * The page the customer should come back to: `href` without the `lipwa_*` query parameters a
 * previous return may have carried (the widget never reads them; the server has the truth).
 */
export function returnUrlFrom(href: string): string | undefined {
  const url = httpUrl(href);
  if (!url) return undefined;
  for (const key of [...url.searchParams.keys()]) {
    if (key.startsWith('lipwa_')) url.searchParams.delete(key);
  }
  return url.href;
}
