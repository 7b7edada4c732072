/**
 * The checkout after "Pay": what a started, resumed or refused payment shows, through the pure
 * rules of `checkout-outcome.ts`, and the customer's actions on those screens (more time, try
 * again, continue to the hosted page). Part of the after-"Pay" file; one flow per loaded session,
 * made by `CheckoutController`, whose data it changes.
 */
import type { PaymentView } from '@lipwa/core';
import type { CheckoutApi } from './api-client.js';
import type { CheckoutController } from './checkout-controller.js';
import { MAX_EXTENSIONS } from './checkout-model.js';
import {
  decideError,
  type Message,
  type Phase,
  retryTimeAfter,
  retryTimeOf,
  type Shown,
  showLatestAttempt,
  showPayment,
} from './checkout-outcome.js';
import { fire } from './events.js';
import type { PaymentPopup } from './hosted-page.js';
import { paymentRequest } from './payment-request.js';
import { PaymentWatch } from './payment-watch.js';
import { redirectTarget, safeUrl } from './redirect-target.js';

/** A `POST /payments` with no answer by then is abandoned and the attempt looked up. */
const START_TIMEOUT_MS = 30_000;

/** How `POST /payments` ended: the payment, or the error (`timedOut`: no answer in time). */
export type StartResult =
  | { readonly payment: PaymentView }
  | { readonly error: unknown; readonly timedOut: boolean };

export class PaymentFlow {
  readonly #checkout: CheckoutController;
  /** None when the session could not load: the flow then only words the error. */
  readonly #api: CheckoutApi | undefined;
  /** False once the checkout has loaded another session: this flow's answers are dropped. */
  readonly #current: () => boolean;
  #watching: PaymentWatch | undefined;

  constructor(checkout: CheckoutController, api: CheckoutApi | undefined, current: () => boolean) {
    this.#checkout = checkout;
    this.#api = api;
    this.#current = current;
  }

  /** The payment's stream and hosted page, watched from the first payment on. */
  get #watch(): PaymentWatch {
    const checkout = this.#checkout;
    const element = checkout.element;
    const current = this.#current;
    this.#watching ??= new PaymentWatch({
      element,
      // Only a payment is watched, and a payment only comes with a loaded session's api.
      api: this.#api as CheckoutApi,
      scheduler: element.scheduler,
      navigation: element.navigation,
      redirectMode: element.redirectMode,
      get state() {
        return checkout.state;
      },
      show: (payment) => this.#present(showPayment(payment, checkout.state)),
      failed: (error) => this.failed(error, 'follow'),
      setOffline: (offline) => current() && checkout.setOffline(offline),
      go: (state, payment) => current() && checkout.go(state, payment),
    });
    return this.#watching;
  }

  /** A payment found by `GET /session` (a reload, the return from a hosted page): show and follow it. */
  resume(payment: PaymentView): void {
    this.#present(showPayment(payment, this.#checkout.state));
  }

  /**
   * "Pay" (or "Continue to {name}"): checks the number, starts the payment, shows what follows.
   * `popup` is the hosted page's window, opened blank in the click (`redirect-mode="popup"`).
   */
  async start(popup: PaymentPopup | undefined): Promise<void> {
    const checkout = this.#checkout;
    const element = checkout.element;
    const api = this.#api;
    const request = paymentRequest(checkout.method, checkout.phoneValue, element.navigation.href);
    const session = checkout.session;
    if (!api || !request.ok || (session && Date.parse(session.expiresAt) <= element.clock.now())) {
      popup?.close();
      if (request.ok) {
        checkout.go('session-expired');
      } else {
        // Refused before any request: the customer fixes the field and nothing else changes.
        checkout.phoneError = { rejection: request.rejection };
        checkout.focus = 'phone';
        element.requestUpdate();
      }
      return;
    }
    const { body } = request;
    checkout.paidFrom = body.phone;
    checkout.phoneError = undefined;
    checkout.extensions = 0;
    checkout.extended = false;
    checkout.go('sending');
    const timeout = new AbortController();
    const cancelTimeout = element.scheduler.after(START_TIMEOUT_MS, () => timeout.abort());
    let result: StartResult;
    try {
      result = { payment: await api.startPayment(body, timeout.signal) };
    } catch (error) {
      result = { error, timedOut: timeout.signal.aborted };
    } finally {
      cancelTimeout();
    }
    this.started(result, popup);
  }

  /** `POST /payments` answered (or did not): the customer's phone is prompted, or why not. */
  started(result: StartResult, popup: PaymentPopup | undefined): void {
    if (!this.#current()) {
      popup?.close();
      return;
    }
    if (!('payment' in result)) {
      popup?.close();
      // No answer in time: the push may still have happened, so look before offering a retry.
      if (result.timedOut) void this.#showLatestAttempt({ problem: 'timeout' });
      else this.failed(result.error, 'submit');
      return;
    }
    const payment = result.payment;
    if (payment.status === 'pending') fire(this.#checkout.element, 'lipwa-started', { payment });
    if (payment.status === 'pending' && safeUrl(redirectTarget(payment))) {
      this.#watch.leaveFor(payment, popup);
      return;
    }
    popup?.close();
    this.#present(showPayment(payment, this.#checkout.state));
  }

  /** An error loading the session, starting the payment or following it, shown as it deserves. */
  failed(error: unknown, phase: Phase): void {
    if (!this.#current()) return;
    const checkout = this.#checkout;
    checkout.coolDown(retryTimeAfter(error, checkout.element.clock.now()));
    const decision = decideError(error, phase, checkout.payment);
    switch (decision.kind) {
      case 'phone':
        checkout.phoneError = decision.message;
        checkout.go('phone');
        checkout.focus = 'phone';
        return;
      case 'paid':
        void this.#reloadPaid();
        return;
      case 'latest-attempt':
        void this.#showLatestAttempt(decision.message);
        return;
      default:
        this.#present(decision);
    }
  }

  /** "Try again" after an outcome: the phone field, prefilled, unless the cooldown is running. */
  retry = (): void => {
    const checkout = this.#checkout;
    if (checkout.retryWait > 0) return;
    checkout.message = undefined;
    checkout.go('phone');
  };

  /** WCAG 2.2.1: the customer may extend the time shown; following goes on regardless. */
  moreTime = (): void => {
    const checkout = this.#checkout;
    if (checkout.extensions >= MAX_EXTENSIONS) return;
    checkout.extensions++;
    checkout.extended = true;
    // The button goes away after the last extension: keep focus inside the widget.
    if (checkout.extensions === MAX_EXTENSIONS) checkout.focus = 'heading';
    checkout.element.requestUpdate();
  };

  /** "Continue to {name}" on a started redirect payment: back to its page, or its popup to the front. */
  continue = (): void => {
    const payment = this.#checkout.payment;
    if (payment) this.#watch.continueTo(payment);
  };

  /** Ask the server for the payment now and reopen a dead stream (back online, tab visible). */
  refresh(): void {
    this.#watching?.refresh();
  }

  /** Every second while a countdown shows: a hosted page's popup may have been closed. */
  tick(): void {
    this.#watching?.checkPopup(this.#checkout.payment);
  }

  /** The checkout loads another session, or left the page: nothing of this flow shows any more. */
  stop(): void {
    this.#watching?.stop();
  }

  #present(shown: Shown): void {
    if (!this.#current()) return;
    const checkout = this.#checkout;
    const payment = shown.payment;
    checkout.message = shown.message;
    if (payment) checkout.coolDown(retryTimeOf(payment));
    checkout.go(shown.state, payment);
    if (payment?.status === 'pending') this.#watch.follow(payment.id);
  }

  /**
   * After a refused or unanswered push: the latest attempt from `GET /session` says why (or is
   * pending after all, and is followed instead of starting a second one).
   */
  async #showLatestAttempt(fallback: Message): Promise<void> {
    let payment: PaymentView | null | undefined;
    try {
      payment = (await this.#api?.getSession())?.payment;
    } catch {
      payment = undefined; // the refusal itself is what the customer needs to hear
    }
    if (!this.#current()) return;
    if (payment?.status === 'pending') fire(this.#checkout.element, 'lipwa-started', { payment });
    this.#present(showLatestAttempt(payment, fallback, this.#checkout.state));
  }

  /** `session_paid`: the session was paid meanwhile (another tab); show that payment. */
  async #reloadPaid(): Promise<void> {
    try {
      const view = await this.#api?.getSession();
      const paid = view?.payment?.status === 'completed' ? view.payment : undefined;
      this.#present(
        paid ? showPayment(paid, this.#checkout.state) : { kind: 'show', state: 'success' },
      );
    } catch (error) {
      this.failed(error, 'load');
    }
  }
}
