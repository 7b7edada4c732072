/** ESM entry. Importing it registers nothing (safe on a server); import `./define` for that. */
export {
  type CheckoutApi,
  type CheckoutApiOptions,
  createCheckoutApi,
  type FetchLike,
  fetchSessionToken,
} from './api-client.js';
export { CheckoutError, type CheckoutErrorOptions } from './checkout-error.js';
export { CheckoutState, checkoutStates } from './checkout-state.js';
export {
  LipwaCancelledEvent,
  type LipwaConnectionDetail,
  type LipwaEvent,
  type LipwaEventClass,
  type LipwaEventDetails,
  type LipwaEventMap,
  type LipwaEventName,
  LipwaExpiredEvent,
  LipwaFailureEvent,
  LipwaOfflineEvent,
  LipwaOnlineEvent,
  type LipwaPaymentDetail,
  type LipwaRedirectDetail,
  LipwaRedirectEvent,
  type LipwaSessionExpiredDetail,
  LipwaSessionExpiredEvent,
  LipwaStartedEvent,
  type LipwaStateDetail,
  LipwaStateEvent,
  LipwaSuccessEvent,
  lipwaEvents,
} from './events.js';
export { type PageNavigation, type PaymentPopup, pageNavigation } from './hosted-page.js';
export { LipwaCheckout } from './lipwa-checkout.component.js';
export { en, locales, stringsFor, sw } from './locales.js';
export {
  type FollowPaymentOptions,
  followPayment,
  type PaymentFollower,
} from './payment-follower.js';
export { type Scheduler, timerScheduler } from './scheduler.js';
export { createSseParser, type SseMessage, type SseParser } from './sse.js';
export {
  format,
  type Locale,
  localeNames,
  mergeStrings,
  resolveLocale,
  type StringOverrides,
  type Strings,
} from './strings.js';
