/**
 * Leaving for a redirect provider's hosted payment page (CashPay): the page operations the widget
 * uses (`location.assign`, `window.open`) behind one injectable seam, so tests and SPAs never
 * patch globals. The addresses involved are checked in `redirect-target.ts`.
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

/** The hosted payment page's popup (`redirect-mode="popup"`): one named window, reused. */
const POPUP_NAME = 'lipwa-payment';
const POPUP_FEATURES = 'popup,width=480,height=720';

/**
 * A blank popup for the hosted page, opened during the click (later would be blocked). The hosted
 * page gets no handle on this page (reverse tabnabbing). Undefined: blocked.
 */
export function openPaymentPopup(navigation: PageNavigation): PaymentPopup | undefined {
  const popup = navigation.open('', POPUP_NAME, POPUP_FEATURES) ?? undefined;
  if (popup) popup.opener = null;
  return popup;
}

/** `url` (relative to `base`) when it is http(s); anything else (`javascript:`, junk) is undefined. */
export function httpUrl(url: string, base?: string): URL | undefined {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
