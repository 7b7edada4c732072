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
} from './events.js';
export { type PageNavigation, type PaymentPopup, pageNavigation } from './hosted-page.js';
export { LipwaCheckout } from './lipwa-checkout.component.js';
export {
  type FollowPaymentOptions,
  followPayment,
  type PaymentFollower,
} from './payment-follower.js';
export { type Scheduler, timerScheduler } from './scheduler.js';
export { createSseParser, type SseMessage, type SseParser } from './sse.js';
export {
  en,
  format,
  type Locale,
  locales,
  mergeStrings,
  resolveLocale,
  type StringOverrides,
  type Strings,
  stringsFor,
  sw,
} from './strings.js';
