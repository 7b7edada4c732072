/**
 * A started payment, watched until it ends: its event stream (with polling behind it) and, for a
 * redirect method, the hosted page in this tab or a popup. Part of the after-"Pay" file; the
 * payment flow hands it what it needs and hears back through `WatchedCheckout`.
 */
import type { PaymentView } from '@lipwa/core';
import type { CheckoutApi } from './api-client.js';
import type { CheckoutError } from './checkout-error.js';
import type { CheckoutState } from './checkout-state.js';
import { fire } from './events.js';
import { openPaymentPopup, type PageNavigation, type PaymentPopup } from './hosted-page.js';
import { followPayment, type PaymentFollower } from './payment-follower.js';
import { redirectTarget, safeUrl } from './redirect-target.js';
import type { Scheduler } from './scheduler.js';

/** The checkout as the watch sees it. */
export interface WatchedCheckout {
  /** Where `lipwa-redirect` is fired. */
  readonly element: EventTarget;
  readonly api: CheckoutApi;
  readonly scheduler: Scheduler;
  readonly navigation: PageNavigation;
  readonly redirectMode: 'same-tab' | 'popup' | undefined;
  readonly state: CheckoutState;
  /** Every view of the payment the server reports. */
  show(payment: PaymentView): void;
  /** Following cannot go on (the session expired, the payment is gone). */
  failed(error: CheckoutError): void;
  setOffline(offline: boolean): void;
  /** Moves to `waiting` (on the hosted page) or `unfinished` (its popup closed). */
  go(state: 'waiting' | 'unfinished', payment: PaymentView): void;
}

export class PaymentWatch {
  readonly #checkout: WatchedCheckout;
  #follower: PaymentFollower | undefined;
  #stopped = false;
  /** The hosted page's popup while it may be open (`redirect-mode="popup"`). */
  #popup: PaymentPopup | undefined;

  constructor(checkout: WatchedCheckout) {
    this.#checkout = checkout;
  }

  /** Follows `paymentId` until a final status (once; a second call while following is ignored). */
  follow(paymentId: string): void {
    if (this.#stopped || this.#follower) return;
    const checkout = this.#checkout;
    this.#follower = followPayment({
      api: checkout.api,
      paymentId,
      scheduler: checkout.scheduler,
      onPayment: (payment) => {
        if (payment.status !== 'pending') this.#follower = undefined;
        checkout.show(payment);
      },
      onError: (error) => {
        this.#follower = undefined;
        checkout.failed(error);
      },
      onConnection: (online) => checkout.setOffline(!online),
    });
  }

  /** Stops for good: an answer arriving after this is dropped. */
  stop(): void {
    this.#stopped = true;
    this.#follower?.();
    this.#follower = undefined;
  }

  /** Ask the server now and reopen a dead stream (back online, tab visible again). */
  refresh(): void {
    this.#follower?.refresh();
  }

  /**
   * Sends the customer to the payment's hosted page, in `popup` or else this tab, unless the
   * merchant cancels `lipwa-redirect` to navigate itself. The payment is followed meanwhile.
   */
  leaveFor(payment: PaymentView, popup: PaymentPopup | undefined): void {
    const checkout = this.#checkout;
    const url = safeUrl(redirectTarget(payment));
    if (!url) return;
    checkout.go('waiting', payment);
    this.follow(payment.id);
    if (!fire(checkout.element, 'lipwa-redirect', { url, payment })) {
      popup?.close();
      return;
    }
    if (popup) {
      popup.location.replace(url);
      this.#popup = popup;
    } else {
      checkout.navigation.assign(url);
    }
  }

  /** "Continue to {name}": back to the hosted page, or its popup to the front. */
  continueTo(payment: PaymentView): void {
    const checkout = this.#checkout;
    const popup = this.#popup;
    if (popup && !popup.closed) popup.focus();
    else {
      const blank =
        checkout.redirectMode === 'popup' ? openPaymentPopup(checkout.navigation) : undefined;
      this.leaveFor(payment, blank);
    }
  }

  /**
   * Every second while waiting: the customer closed the hosted page's popup with the payment
   * still pending, so say it is not finished and ask the server now (a late webhook still turns
   * it to success).
   */
  checkPopup(payment: PaymentView | undefined): void {
    if (!this.#popup?.closed) return;
    this.#popup = undefined;
    if (this.#checkout.state !== 'waiting' || !payment) return;
    this.#checkout.go('unfinished', payment);
    this.refresh();
  }
}
