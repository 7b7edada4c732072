/**
 * Leaving for a redirect provider's hosted payment page (CashPay): where the customer comes back
 * to, which targets are safe to open, and the page operations the widget uses (`location.assign`,
 * `window.open`) behind one injectable seam, so tests and SPAs never patch globals.
 */

/** The popup handle the widget keeps: to point it at the hosted page, bring it forward, see it closed. */
export interface PaymentPopup {
  readonly closed: boolean;
  opener: unknown;
  readonly location: { replace(url: string): void };
  focus(): void;
  close(): void;
}

/** The page operations behind the redirect flow; the default is the real page (`pageNavigation`). */
export interface PageNavigation {
  /** The page's address now; the return URL is this without `lipwa_*` query parameters. */
  readonly href: string;
  /** Same-tab navigation. */
  assign(url: string): void;
  /** `window.open`: null when the browser blocked the popup. */
  open(url: string, target: string, features: string): PaymentPopup | null;
}

/** The real page. Touches no global until used, so importing it on a server is safe. */
export const pageNavigation: PageNavigation = {
  get href() {
    return globalThis.location?.href ?? '';
  },
  assign: (url) => globalThis.location.assign(url),
  open: (url, target, features) => globalThis.open(url, target, features),
};

/** `url` (relative to `base`) when it is http(s); anything else (`javascript:`, junk) is undefined. */
function httpUrl(url: string, base?: string): URL | undefined {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : undefined;
  } catch {
    return undefined;
  }
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

/** Only http(s) hosted pages are opened or rendered; anything else (`javascript:`) is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  return url ? httpUrl(url, globalThis.location?.href)?.href : undefined;
}
