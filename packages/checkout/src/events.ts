/**
 * The widget's DOM events, from one map: `LipwaEventDetails` names each event and its `detail`;
 * the event classes, `HTMLElementEventMap`, the React and Vue typings (`frameworks/`) and the
 * tests' list of names are all derived from it. Each event is a `CustomEvent`, so frameworks read
 * the payload from `detail` as usual; all bubble and cross the shadow boundary (`composed`).
 */
import type { PaymentView } from '@lipwa/core';
import type { CheckoutState } from './checkout-state.js';

export interface LipwaStateDetail {
  readonly state: CheckoutState;
  readonly payment?: PaymentView | undefined;
}
export interface LipwaPaymentDetail {
  readonly payment: PaymentView;
}
export interface LipwaSessionExpiredDetail {
  /** The payment in progress when the session ended, if any. */
  readonly payment?: PaymentView | undefined;
}
export interface LipwaRedirectDetail {
  /** The provider's hosted payment page. */
  readonly url: string;
  readonly payment: PaymentView;
}
/** Connection details: `state` is the widget's state, kept while the network is away. */
export interface LipwaConnectionDetail {
  readonly state: CheckoutState;
}

/** Every event `<lipwa-checkout>` fires, by name, with its `detail`. */
export interface LipwaEventDetails {
  /** Every state change: `detail.state` is the new state. */
  'lipwa-state': LipwaStateDetail;
  /** The server accepted a new payment attempt and the customer's phone is being prompted. */
  'lipwa-started': LipwaPaymentDetail;
  /** The payment completed; `detail.payment.receipt` is the provider's receipt. */
  'lipwa-success': LipwaPaymentDetail;
  /** The payment failed; `detail.payment.reason` says why. */
  'lipwa-failure': LipwaPaymentDetail;
  /** The customer cancelled the prompt on the phone. */
  'lipwa-cancelled': LipwaPaymentDetail;
  /** The prompt expired unanswered. */
  'lipwa-expired': LipwaPaymentDetail;
  /** The session token expired or was refused; the page must mint a new one. */
  'lipwa-session-expired': LipwaSessionExpiredDetail;
  /** The network went away (browser `offline`, or requests get no answer); a notice shows. */
  'lipwa-offline': LipwaConnectionDetail;
  /** The network is back; the widget has asked the server for the payment again. */
  'lipwa-online': LipwaConnectionDetail;
  /**
   * The widget is about to send the customer to a redirect provider's hosted payment page (same
   * tab, or a popup with `redirect-mode="popup"`). Cancelable: `preventDefault()` and navigate
   * yourself (an SPA router, your own window); the widget keeps following the payment either way.
   */
  'lipwa-redirect': LipwaRedirectDetail;
}

export type LipwaEventName = keyof LipwaEventDetails;

/** One of the widget's events: a `CustomEvent` whose `type` and `detail` the map fixes. */
export interface LipwaEvent<K extends LipwaEventName> extends CustomEvent<LipwaEventDetails[K]> {
  readonly type: K;
}

/** The class of one event: `new LipwaSuccessEvent({ payment })`, `LipwaSuccessEvent.type`. */
export interface LipwaEventClass<K extends LipwaEventName> {
  readonly type: K;
  new (
    ...detail: object extends LipwaEventDetails[K]
      ? [detail?: LipwaEventDetails[K]]
      : [detail: LipwaEventDetails[K]]
  ): LipwaEvent<K>;
}

/** `lipwa-success` -> `LipwaSuccessEvent`, and so on for every name in the map. */
export type LipwaEventMap = { [K in LipwaEventName]: LipwaEvent<K> };

function eventClass<K extends LipwaEventName>(type: K): LipwaEventClass<K> {
  return class extends CustomEvent<LipwaEventDetails[K]> {
    static readonly type = type;
    constructor(detail = {} as LipwaEventDetails[K]) {
      // Only leaving for a hosted page can be refused by the page.
      super(type, { bubbles: true, composed: true, cancelable: type === 'lipwa-redirect', detail });
    }
  } as unknown as LipwaEventClass<K>;
}

export const LipwaStateEvent = eventClass('lipwa-state');
export type LipwaStateEvent = LipwaEvent<'lipwa-state'>;
export const LipwaStartedEvent = eventClass('lipwa-started');
export type LipwaStartedEvent = LipwaEvent<'lipwa-started'>;
export const LipwaSuccessEvent = eventClass('lipwa-success');
export type LipwaSuccessEvent = LipwaEvent<'lipwa-success'>;
export const LipwaFailureEvent = eventClass('lipwa-failure');
export type LipwaFailureEvent = LipwaEvent<'lipwa-failure'>;
export const LipwaCancelledEvent = eventClass('lipwa-cancelled');
export type LipwaCancelledEvent = LipwaEvent<'lipwa-cancelled'>;
export const LipwaExpiredEvent = eventClass('lipwa-expired');
export type LipwaExpiredEvent = LipwaEvent<'lipwa-expired'>;
export const LipwaSessionExpiredEvent = eventClass('lipwa-session-expired');
export type LipwaSessionExpiredEvent = LipwaEvent<'lipwa-session-expired'>;
export const LipwaOfflineEvent = eventClass('lipwa-offline');
export type LipwaOfflineEvent = LipwaEvent<'lipwa-offline'>;
export const LipwaOnlineEvent = eventClass('lipwa-online');
export type LipwaOnlineEvent = LipwaEvent<'lipwa-online'>;
export const LipwaRedirectEvent = eventClass('lipwa-redirect');
export type LipwaRedirectEvent = LipwaEvent<'lipwa-redirect'>;

/** Every event class by name: what the element fires, and what the tests listen for. */
export const lipwaEvents: { readonly [K in LipwaEventName]: LipwaEventClass<K> } = {
  'lipwa-state': LipwaStateEvent,
  'lipwa-started': LipwaStartedEvent,
  'lipwa-success': LipwaSuccessEvent,
  'lipwa-failure': LipwaFailureEvent,
  'lipwa-cancelled': LipwaCancelledEvent,
  'lipwa-expired': LipwaExpiredEvent,
  'lipwa-session-expired': LipwaSessionExpiredEvent,
  'lipwa-offline': LipwaOfflineEvent,
  'lipwa-online': LipwaOnlineEvent,
  'lipwa-redirect': LipwaRedirectEvent,
};

/** Fires `name` on `target`; false when a listener called `preventDefault()` (`lipwa-redirect`). */
export function fire<K extends LipwaEventName>(
  target: EventTarget,
  name: K,
  detail: LipwaEventDetails[K],
): boolean {
  const EventClass = lipwaEvents[name] as unknown as new (detail: LipwaEventDetails[K]) => Event;
  return target.dispatchEvent(new EventClass(detail));
}

declare global {
  interface HTMLElementEventMap extends LipwaEventMap {}
}
