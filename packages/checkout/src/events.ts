/**
 * The widget's DOM events. Each is a `CustomEvent` subclass, so frameworks read the payload
 * from `detail` as usual; all bubble and cross the shadow boundary (`composed`).
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

const init = { bubbles: true, composed: true } as const;

/** Every state change: `detail.state` is the new state. */
export class LipwaStateEvent extends CustomEvent<LipwaStateDetail> {
  static readonly type = 'lipwa-state';
  constructor(detail: LipwaStateDetail) {
    super(LipwaStateEvent.type, { ...init, detail });
  }
}

/** The server accepted a new payment attempt and the customer's phone is being prompted. */
export class LipwaStartedEvent extends CustomEvent<LipwaPaymentDetail> {
  static readonly type = 'lipwa-started';
  constructor(detail: LipwaPaymentDetail) {
    super(LipwaStartedEvent.type, { ...init, detail });
  }
}

/** The payment completed; `detail.payment.receipt` is the provider's receipt. */
export class LipwaSuccessEvent extends CustomEvent<LipwaPaymentDetail> {
  static readonly type = 'lipwa-success';
  constructor(detail: LipwaPaymentDetail) {
    super(LipwaSuccessEvent.type, { ...init, detail });
  }
}

/** The payment failed; `detail.payment.reason` says why. */
export class LipwaFailureEvent extends CustomEvent<LipwaPaymentDetail> {
  static readonly type = 'lipwa-failure';
  constructor(detail: LipwaPaymentDetail) {
    super(LipwaFailureEvent.type, { ...init, detail });
  }
}

/** The customer cancelled the prompt on the phone. */
export class LipwaCancelledEvent extends CustomEvent<LipwaPaymentDetail> {
  static readonly type = 'lipwa-cancelled';
  constructor(detail: LipwaPaymentDetail) {
    super(LipwaCancelledEvent.type, { ...init, detail });
  }
}

/** The prompt expired unanswered. */
export class LipwaExpiredEvent extends CustomEvent<LipwaPaymentDetail> {
  static readonly type = 'lipwa-expired';
  constructor(detail: LipwaPaymentDetail) {
    super(LipwaExpiredEvent.type, { ...init, detail });
  }
}

/** The session token expired or was refused; the page must mint a new one. */
export class LipwaSessionExpiredEvent extends CustomEvent<LipwaSessionExpiredDetail> {
  static readonly type = 'lipwa-session-expired';
  constructor(detail: LipwaSessionExpiredDetail = {}) {
    super(LipwaSessionExpiredEvent.type, { ...init, detail });
  }
}

export interface LipwaRedirectDetail {
  /** The provider's hosted payment page. */
  readonly url: string;
  readonly payment: PaymentView;
}

/**
 * The widget is about to send the customer to a redirect provider's hosted payment page (same
 * tab, or a popup with `redirect-mode="popup"`). Cancelable: `preventDefault()` and navigate
 * yourself (an SPA router, your own window); the widget keeps following the payment either way.
 */
export class LipwaRedirectEvent extends CustomEvent<LipwaRedirectDetail> {
  static readonly type = 'lipwa-redirect';
  constructor(detail: LipwaRedirectDetail) {
    super(LipwaRedirectEvent.type, { ...init, cancelable: true, detail });
  }
}

/** Connection details: `state` is the widget's state, kept while the network is away. */
export interface LipwaConnectionDetail {
  readonly state: CheckoutState;
}

/** The network went away (browser `offline`, or requests get no answer); a notice shows. */
export class LipwaOfflineEvent extends CustomEvent<LipwaConnectionDetail> {
  static readonly type = 'lipwa-offline';
  constructor(detail: LipwaConnectionDetail) {
    super(LipwaOfflineEvent.type, { ...init, detail });
  }
}

/** The network is back; the widget has asked the server for the payment again. */
export class LipwaOnlineEvent extends CustomEvent<LipwaConnectionDetail> {
  static readonly type = 'lipwa-online';
  constructor(detail: LipwaConnectionDetail) {
    super(LipwaOnlineEvent.type, { ...init, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'lipwa-state': LipwaStateEvent;
    'lipwa-started': LipwaStartedEvent;
    'lipwa-success': LipwaSuccessEvent;
    'lipwa-failure': LipwaFailureEvent;
    'lipwa-cancelled': LipwaCancelledEvent;
    'lipwa-expired': LipwaExpiredEvent;
    'lipwa-session-expired': LipwaSessionExpiredEvent;
    'lipwa-offline': LipwaOfflineEvent;
    'lipwa-online': LipwaOnlineEvent;
    'lipwa-redirect': LipwaRedirectEvent;
  }
}
