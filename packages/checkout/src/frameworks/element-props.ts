/**
 * What a framework may set on `<lipwa-checkout>`, shared by the React and Vue typings.
 * Attributes are strings; `strings`, `fetch`, `clock`, `scheduler` and `navigation` are properties
 * only (objects).
 */
import type { Clock } from '@lipwa/core';
import type { FetchLike } from '../api-client.js';
import type { PageNavigation } from '../hosted-page.js';
import type { Scheduler } from '../scheduler.js';
import type { StringOverrides } from '../strings.js';

export interface LipwaCheckoutAttributes {
  /** The session token minted by the merchant's server. */
  session?: string | undefined;
  /** Instead of `session`: a same-origin URL the widget POSTs to (no body) for `{ token }`. */
  'session-url'?: string | undefined;
  /** Where the Lipwa router is mounted. Default `/lipwa`. */
  'api-base'?: string | undefined;
  /** Text language, `en` or `sw`; unset, the browser's languages decide (then English). */
  locale?: string | undefined;
  /** A phone number to prefill. */
  phone?: string | undefined;
  /** Business number for the manual "Pay Bill" steps in the "Didn't get the prompt?" help. */
  paybill?: string | undefined;
  /** Till number for the manual "Buy Goods" steps in the help. */
  till?: string | undefined;
  /** `light` (default), `dark`, or `auto` (follows `prefers-color-scheme`). */
  theme?: 'light' | 'dark' | 'auto' | undefined;
  /** Redirect methods (CashPay): `same-tab` (default) or `popup`. */
  'redirect-mode'?: 'same-tab' | 'popup' | undefined;
}

export interface LipwaCheckoutProperties {
  /** Merchant overrides of any text, merged over the locale's table (reasons one by one). */
  strings?: StringOverrides | undefined;
  /** The `fetch` used for every request (default `globalThis.fetch`). */
  fetch?: FetchLike | undefined;
  /** `{ now(): number }` for the countdown (default the system clock). */
  clock?: Clock | undefined;
  /** `{ after(ms, task): cancel }` for polling and countdown ticks. */
  scheduler?: Scheduler | undefined;
  /** The page operations of the redirect flow (`location.assign`, `window.open`), for tests. */
  navigation?: PageNavigation | undefined;
}
