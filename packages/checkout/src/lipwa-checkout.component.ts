import type {
  CheckoutSession,
  Clock,
  PaymentMethod,
  PaymentView,
  StartPaymentBody,
} from '@lipwa/core';
// Deep-enough named imports: core has `sideEffects: false`, so bundlers keep only these
// zod-free modules (msisdn, money, payment-status) and drop the schemas.
import { formatMoney, parseMsisdn, systemClock } from '@lipwa/core';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  type CheckoutApi,
  createCheckoutApi,
  type FetchLike,
  fetchSessionToken,
} from './api-client.js';
import { CheckoutError } from './checkout-error.js';
import { CheckoutState } from './checkout-state.js';
import {
  LipwaCancelledEvent,
  LipwaExpiredEvent,
  LipwaFailureEvent,
  LipwaOfflineEvent,
  LipwaOnlineEvent,
  LipwaRedirectEvent,
  LipwaSessionExpiredEvent,
  LipwaStartedEvent,
  LipwaStateEvent,
  LipwaSuccessEvent,
} from './events.js';
import {
  type PageNavigation,
  type PaymentPopup,
  pageNavigation,
  returnUrlFrom,
  safeUrl,
} from './hosted-page.js';
import { checkoutStyles } from './lipwa-checkout.styles.js';
import { followPayment, type PaymentFollower } from './payment-follower.js';
import { type Scheduler, timerScheduler } from './scheduler.js';
import {
  format,
  type Locale,
  mergeStrings,
  resolveLocale,
  type StringOverrides,
  type Strings,
  stringsFor,
} from './strings.js';

type SessionInfo = Omit<CheckoutSession, 'allowedOrigin'>;

interface StateView {
  readonly status: TemplateResult;
  readonly controls?: TemplateResult | typeof nothing;
}

const DEFAULT_API_BASE = '/lipwa';
const PHONE_INPUT_ID = 'phone';
const PHONE_ERROR_ID = 'phone-error';
const PHONE_HINT_ID = 'phone-hint';
/** "More time" adds this much to the displayed countdown, at most `MAX_EXTENSIONS` times. */
const EXTENSION_MS = 60_000;
const MAX_EXTENSIONS = 3;
/** A `POST /payments` with no answer by then is abandoned and the attempt looked up. */
const START_TIMEOUT_MS = 30_000;
/** The hosted payment page's popup (`redirect-mode="popup"`): one named window, reused. */
const POPUP_NAME = 'lipwa-payment';
const POPUP_FEATURES = 'popup,width=480,height=720';

/**
 * `<lipwa-checkout>`: takes an M-Pesa payment for one checkout session: phone entry, the STK
 * prompt with a countdown, and the live outcome. A session offering several methods gets a
 * picker; a redirect method (CashPay) sends the customer to its hosted page and back.
 *
 * @tag lipwa-checkout
 *
 * @attr session - The session token minted by the merchant's server.
 * @attr session-url - Instead of `session`: a same-origin URL the widget POSTs to for `{ token }`.
 * @attr api-base - Where the Lipwa router is mounted. Default `/lipwa`.
 * @attr locale - Text language, `en` or `sw` (`sw-KE` works). Unset: the browser's languages.
 * @attr phone - A phone number to prefill.
 * @attr paybill - Business number for the manual "Pay Bill" steps in the help.
 * @attr till - Till number for the manual "Buy Goods" steps in the help.
 * @attr theme - `light` (default), `dark`, or `auto` (follows `prefers-color-scheme`). Reflected.
 * @attr redirect-mode - Redirect methods: `same-tab` (default) or `popup` (the hosted page in a
 *   popup, followed live while it is open).
 *
 * Every attribute above has a property of the camel-cased name (`sessionUrl`, `apiBase`).
 *
 * @prop fetch - The `fetch` used for every request (default `globalThis.fetch`).
 * @prop clock - `{ now(): number }` for the countdown (default the system clock).
 * @prop scheduler - `{ after(ms, task): cancel }` for polling and countdown ticks.
 * @prop navigation - `{ href, assign(url), open(url, target, features) }`: the page operations
 *   of the redirect flow (default the real `location` and `window.open`).
 * @prop strings - Merchant overrides laid over the locale's table (`{ reasons: { … } }` too).
 * @prop state - Read-only: the current state.
 * @prop offline - Read-only: true while the network is away ("Reconnecting…" shows).
 *
 * @event {LipwaStateEvent} lipwa-state - Every state change; `detail: { state, payment? }`.
 * @event {LipwaStartedEvent} lipwa-started - A payment attempt started; `detail: { payment }`.
 * @event {LipwaSuccessEvent} lipwa-success - The payment completed; `detail: { payment }`.
 * @event {LipwaFailureEvent} lipwa-failure - The payment failed; `detail: { payment }`.
 * @event {LipwaCancelledEvent} lipwa-cancelled - Cancelled on the phone; `detail: { payment }`.
 * @event {LipwaExpiredEvent} lipwa-expired - The prompt expired unanswered; `detail: { payment }`.
 * @event {LipwaSessionExpiredEvent} lipwa-session-expired - The token expired or was refused.
 * @event {LipwaOfflineEvent} lipwa-offline - The network went away; `detail: { state }`.
 * @event {LipwaOnlineEvent} lipwa-online - The network is back; `detail: { state }`.
 * @event {LipwaRedirectEvent} lipwa-redirect - Leaving for a hosted payment page; cancelable;
 *   `detail: { url, payment }`.
 *
 * @cssprop --lipwa-color-primary - Button and focus colour.
 * @cssprop --lipwa-color-on-primary - Text on buttons.
 * @cssprop --lipwa-color-border - Card and field borders.
 * @cssprop --lipwa-color-text - Text colour.
 * @cssprop --lipwa-color-background - Card background.
 * @cssprop --lipwa-color-error - Errors and the failure heading.
 * @cssprop --lipwa-color-success - The success heading.
 * @cssprop --lipwa-radius - Corner radius of the card, field and button.
 * @cssprop --lipwa-font-family - Font of the whole widget.
 * @cssprop --lipwa-spacing - Base spacing unit.
 *
 * @csspart base - The card around everything.
 * @csspart header - The heading block of each state.
 * @csspart amount - The amount due.
 * @csspart form - The entry form (method picker, phone field, Pay or Continue button).
 * @csspart methods - The method picker's group (a `fieldset`), shown for several methods.
 * @csspart methods-legend - The picker's legend ("Choose how to pay").
 * @csspart method - One method's label, around its radio.
 * @csspart method-radio - One method's radio button.
 * @csspart label - The phone field's label.
 * @csspart input - The phone field.
 * @csspart error - The inline error under the field.
 * @csspart button - Pay, Try again and Continue to {name} buttons.
 * @csspart status - The polite live region announcing each state.
 * @csspart countdown - Time left on the phone prompt.
 * @csspart receipt - The M-Pesa receipt number.
 * @csspart more-time - The "More time" button while waiting.
 * @csspart help - The "Didn't get the prompt?" disclosure.
 * @csspart notice - The "Reconnecting…" notice.
 * @csspart skeleton - The placeholder blocks while loading.
 */
export class LipwaCheckout extends LitElement {
  static override styles = checkoutStyles;

  static override properties = {
    session: { type: String },
    sessionUrl: { type: String, attribute: 'session-url' },
    apiBase: { type: String, attribute: 'api-base' },
    locale: { type: String },
    phone: { type: String },
    paybill: { type: String },
    till: { type: String },
    theme: { type: String, reflect: true },
    redirectMode: { type: String, attribute: 'redirect-mode' },
    navigation: { attribute: false },
    strings: { attribute: false },
    fetch: { attribute: false },
    clock: { attribute: false },
    scheduler: { attribute: false },
    _state: { state: true },
    _session: { state: true },
    _methods: { state: true },
    _methodId: { state: true },
    _payment: { state: true },
    _phoneValue: { state: true },
    _phoneError: { state: true },
    _message: { state: true },
    _tick: { state: true },
    _extensions: { state: true },
    _notice: { state: true },
    _offline: { state: true },
    _cooldownUntil: { state: true },
  };

  declare session: string | undefined;
  declare sessionUrl: string | undefined;
  declare apiBase: string | undefined;
  declare locale: string | undefined;
  declare phone: string | undefined;
  declare paybill: string | undefined;
  declare till: string | undefined;
  declare theme: 'light' | 'dark' | 'auto';
  declare redirectMode: 'same-tab' | 'popup' | undefined;
  declare navigation: PageNavigation;
  declare strings: StringOverrides | undefined;
  declare fetch: FetchLike | undefined;
  declare clock: Clock;
  declare scheduler: Scheduler;

  declare _state: CheckoutState;
  declare _session: SessionInfo | undefined;
  declare _methods: readonly PaymentMethod[];
  declare _methodId: string | undefined;
  declare _payment: PaymentView | undefined;
  declare _phoneValue: string;
  declare _phoneError: string | undefined;
  declare _message: string | undefined;
  declare _tick: number;
  declare _extensions: number;
  declare _notice: string | undefined;
  declare _offline: boolean;
  declare _cooldownUntil: number;

  #api: CheckoutApi | undefined;
  /** Bumped on every (re)load so answers to an older session are dropped. */
  #generation = 0;
  #stopFollowing: PaymentFollower | undefined;
  #cancelTick: (() => void) | undefined;
  #moveFocus = false;
  #focusAfterLoad = false;
  /** The hosted page's popup while it may be open (`redirect-mode="popup"`). */
  #popup: PaymentPopup | undefined;

  constructor() {
    super();
    this.theme = 'light';
    this.clock = systemClock;
    this.scheduler = timerScheduler;
    this.navigation = pageNavigation;
    this._methods = [];
    this._state = CheckoutState.Loading;
    this._phoneValue = '';
    this._tick = 0;
    this._extensions = 0;
    this._offline = false;
    this._cooldownUntil = 0;
  }

  /** True while the network is away and the widget is reconnecting. */
  get offline(): boolean {
    return this._offline;
  }

  /** The current state (read-only; follow `lipwa-state` to react to changes). */
  get state(): CheckoutState {
    return this._state;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    globalThis.document?.removeEventListener('visibilitychange', this.#onVisible);
    globalThis.removeEventListener?.('pageshow', this.#onPageShow);
    this.#generation++;
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
    this.#cancelTick?.();
    this.#cancelTick = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Real life: the customer leaves for the SIM prompt, the network drops, the tab is frozen.
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    globalThis.document?.addEventListener('visibilitychange', this.#onVisible);
    // Back (browser Back) from a hosted payment page into a page kept in the back/forward cache.
    globalThis.addEventListener?.('pageshow', this.#onPageShow);
    // Re-attached after a move in the DOM: pick the session up again.
    if (this.hasUpdated) void this.#load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('phone') && this.phone !== undefined && this._phoneValue === '') {
      this._phoneValue = this.phone;
    }
    // Ask for the session before the first render, not after it: the request is the long pole
    // of time-to-interactive, so it goes out while the skeleton paints.
    if (changed.has('session') || changed.has('sessionUrl') || changed.has('apiBase')) {
      void this.#load();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('_state') && this.#moveFocus) {
      this.#moveFocus = false;
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
    }
  }

  get #locale(): Locale {
    return resolveLocale(this.locale, globalThis.navigator?.languages);
  }

  get #strings(): Strings {
    return mergeStrings(stringsFor(this.#locale), this.strings);
  }

  /** Numbers, amounts and dates in Kenyan formats for the shown language. */
  get #intlLocale(): string {
    return `${this.#locale}-KE`;
  }

  #setOffline(offline: boolean): void {
    if (this._offline === offline) return;
    this._offline = offline;
    const detail = { state: this._state };
    this.dispatchEvent(offline ? new LipwaOfflineEvent(detail) : new LipwaOnlineEvent(detail));
  }

  #onOffline = (): void => {
    this.#setOffline(true);
  };

  /** Back online: ask for the payment now and reopen the stream (it died with the network). */
  #onOnline = (): void => {
    this.#setOffline(false);
    this.#stopFollowing?.refresh();
  };

  /** Mobile browsers freeze background tabs: on return, fetch the truth and revive the stream. */
  #onVisible = (): void => {
    if (globalThis.document?.visibilityState === 'visible') this.#stopFollowing?.refresh();
  };

  /** A page restored from the back/forward cache did not load again: ask the server, as a load would. */
  #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.#load();
  };

  #fetch(): FetchLike {
    const injected = this.fetch;
    if (injected) return injected;
    // Native fetch must be called with the global as `this`.
    return (input, init) => globalThis.fetch(input, init);
  }

  #go(state: CheckoutState, payment?: PaymentView): void {
    this._payment = payment;
    // A newer view of the same state (a pending payment's update) is not a state change.
    if (this._state === state) return;
    // Focus follows the customer's own actions. Loading a session (the page opening, a new
    // token) must not pull focus from the page unless it was already in the widget.
    if (state === CheckoutState.Loading) {
      this.#focusAfterLoad = this.matches(':focus-within');
      this.#moveFocus = false;
    } else {
      this.#moveFocus = this._state !== CheckoutState.Loading || this.#focusAfterLoad;
    }
    this._state = state;
    this.#syncTicker();
    this.dispatchEvent(new LipwaStateEvent({ state, payment }));
    if (!payment) {
      if (state === CheckoutState.SessionExpired) {
        this.dispatchEvent(new LipwaSessionExpiredEvent({}));
      }
      return;
    }
    if (state === CheckoutState.Success) this.dispatchEvent(new LipwaSuccessEvent({ payment }));
    if (state === CheckoutState.Failure) this.dispatchEvent(new LipwaFailureEvent({ payment }));
    if (state === CheckoutState.Cancelled) this.dispatchEvent(new LipwaCancelledEvent({ payment }));
    if (state === CheckoutState.Expired) this.dispatchEvent(new LipwaExpiredEvent({ payment }));
    if (state === CheckoutState.SessionExpired) {
      this.dispatchEvent(new LipwaSessionExpiredEvent({ payment }));
    }
  }

  /** Re-renders every second while a countdown (the prompt's or a retry cooldown) is visible. */
  #syncTicker(): void {
    const needed = this._state === CheckoutState.Waiting || this._cooldownUntil > this.clock.now();
    if (!needed) {
      this.#cancelTick?.();
      this.#cancelTick = undefined;
      return;
    }
    if (this.#cancelTick) return;
    this.#cancelTick = this.scheduler.after(1000, () => {
      this.#cancelTick = undefined;
      this._tick++;
      this.#watchPopup();
      this.#syncTicker();
    });
  }

  /**
   * The customer closed the hosted page's popup with the payment still pending: say it is not
   * finished and ask the server now (a late webhook still turns it to success).
   */
  #watchPopup(): void {
    if (!this.#popup?.closed) return;
    this.#popup = undefined;
    if (this._state !== CheckoutState.Waiting) return;
    this.#go(CheckoutState.Unfinished, this._payment);
    this.#stopFollowing?.refresh();
  }

  /** Disables "Try again" until the server's cooldown has passed. */
  #coolDown(until: number | undefined): void {
    if (until !== undefined && Number.isFinite(until) && until > this._cooldownUntil) {
      this._cooldownUntil = until;
    }
  }

  async #load(): Promise<void> {
    const generation = ++this.#generation;
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
    this.#api = undefined;
    this._message = undefined;
    this.#go(CheckoutState.Loading);
    if (!this.session && !this.sessionUrl) {
      // Attributes may arrive later (frameworks set them after connecting): stay loading.
      return;
    }
    try {
      const fetch = this.#fetch();
      const token = this.session || (await fetchSessionToken(this.sessionUrl ?? '', fetch));
      if (generation !== this.#generation) return;
      const api = createCheckoutApi({ apiBase: this.apiBase ?? DEFAULT_API_BASE, token, fetch });
      const view = await api.getSession();
      if (generation !== this.#generation) return;
      this.#api = api;
      this._session = view.session;
      this._methods = view.methods;
      if (!view.methods.some((method) => method.id === this._methodId)) {
        this._methodId = view.methods[0]?.id;
      }
      if (view.payment) this.#show(view.payment);
      else this.#go(CheckoutState.Phone);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#fail(error, 'load');
    }
  }

  /** Moves to the state a payment view stands for; follows it while pending. */
  #show(payment: PaymentView): void {
    switch (payment.status) {
      case 'pending':
        // A redirect payment is only "waiting" while the customer is on its hosted page; found
        // pending anywhere else (back on the return page, a reload) it is not finished yet.
        this.#go(
          payment.next?.type === 'redirect' && this._state !== CheckoutState.Waiting
            ? CheckoutState.Unfinished
            : CheckoutState.Waiting,
          payment,
        );
        this.#follow(payment.id);
        return;
      case 'completed':
        this.#go(CheckoutState.Success, payment);
        return;
      case 'cancelled':
        this.#go(CheckoutState.Cancelled, payment);
        return;
      case 'expired':
        this.#go(CheckoutState.Expired, payment);
        return;
      case 'reversed':
        this._message = this.#strings.reversedBody;
        this.#go(CheckoutState.Failure, payment);
        return;
      case 'failed':
        this._message = this.#strings.reasons[payment.reason ?? 'unknown'];
        if (payment.retryAfter) this.#coolDown(Date.parse(payment.retryAfter));
        this.#go(CheckoutState.Failure, payment);
        return;
    }
  }

  #follow(paymentId: string): void {
    const api = this.#api;
    if (!api || this.#stopFollowing) return;
    const generation = this.#generation;
    this.#stopFollowing = followPayment({
      api,
      paymentId,
      scheduler: this.scheduler,
      onPayment: (payment) => {
        if (generation !== this.#generation) return;
        if (payment.status !== 'pending') this.#stopFollowing = undefined;
        this.#show(payment);
      },
      onError: (error) => {
        if (generation !== this.#generation) return;
        this.#stopFollowing = undefined;
        this.#fail(error, 'follow');
      },
      onConnection: (online) => {
        if (generation === this.#generation) this.#setOffline(!online);
      },
    });
  }

  #fail(error: unknown, during: 'load' | 'submit' | 'follow'): void {
    const strings = this.#strings;
    const payment = this._payment;
    if (error instanceof CheckoutError && error.retryAfter !== undefined) {
      this.#coolDown(this.clock.now() + error.retryAfter * 1000);
    }
    if (!(error instanceof CheckoutError)) {
      this._message = strings.errorBody;
      this.#go(CheckoutState.Error);
      return;
    }
    switch (error.code) {
      case 'session_expired':
      case 'invalid_session':
        this.#go(CheckoutState.SessionExpired, payment);
        return;
      case 'invalid_phone':
        this._phoneError = strings.problems.invalid_phone;
        this.#focusPhoneAfterRender();
        this.#go(CheckoutState.Phone);
        return;
      case 'session_paid':
        void this.#reloadPaid();
        return;
      case 'attempt_cooldown':
      case 'rate_limited': {
        const template = strings.problems[error.code] ?? strings.problems.waitAMoment;
        this._message =
          error.retryAfter === undefined
            ? strings.problems.waitAMoment
            : format(template, { seconds: Math.ceil(error.retryAfter) });
        this.#go(CheckoutState.Failure);
        return;
      }
      default:
        break;
    }
    if (during === 'load' || (during === 'follow' && error.code === 'payment_not_found')) {
      this._message = error.offline ? strings.problems.offline : strings.errorBody;
      this.#go(CheckoutState.Error);
      return;
    }
    // A reason the server attached is more precise than the code (a busy phone vs. an outage).
    const message = error.offline
      ? strings.problems.offline
      : error.reason
        ? strings.reasons[error.reason]
        : (strings.problems[error.code] ?? strings.reasons.unknown);
    if (during === 'submit' && error.code.startsWith('provider_') && !error.reason) {
      // The server recorded the refused attempt as failed, with its reason: show that payment.
      void this.#showLatestAttempt(message);
      return;
    }
    this._message = message;
    this.#go(CheckoutState.Failure);
  }

  /**
   * After a refused or unanswered push: the latest attempt from `GET /session` says why (or is
   * pending after all, and is followed instead of starting a second one).
   */
  async #showLatestAttempt(fallback: string): Promise<void> {
    const generation = this.#generation;
    let payment: PaymentView | null | undefined;
    try {
      payment = (await this.#api?.getSession())?.payment;
    } catch {
      payment = undefined; // the refusal itself is what the customer needs to hear
    }
    if (generation !== this.#generation) return;
    if (payment?.status === 'pending') {
      this.dispatchEvent(new LipwaStartedEvent({ payment }));
      this.#show(payment);
      return;
    }
    if (payment?.status === 'failed' && payment.reason && payment.reason !== 'unknown') {
      this.#show(payment);
      return;
    }
    this._message = fallback;
    this.#go(CheckoutState.Failure, payment ?? undefined);
  }

  /** `session_paid`: the session was paid meanwhile (another tab); show that payment. */
  async #reloadPaid(): Promise<void> {
    const generation = this.#generation;
    try {
      const view = await this.#api?.getSession();
      if (generation !== this.#generation) return;
      if (view?.payment && view.payment.status === 'completed') this.#show(view.payment);
      else this.#go(CheckoutState.Success);
    } catch (error) {
      if (generation === this.#generation) this.#fail(error, 'load');
    }
  }

  #focusPhoneAfterRender(): void {
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLInputElement>(`#${PHONE_INPUT_ID}`)?.focus();
    });
  }

  #onInput(event: Event): void {
    this._phoneValue = (event.target as HTMLInputElement).value;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.#api;
    if (!api || this._state !== CheckoutState.Phone) return;
    const method = this.#method();
    const redirect = method?.flow === 'redirect';
    const body: StartPaymentBody = method ? { method: method.id } : {};
    if (redirect) {
      body.returnUrl = returnUrlFrom(this.navigation.href);
    } else {
      const parsed = parseMsisdn(this._phoneValue);
      if (!parsed.ok) {
        // Refused before any request: the customer fixes the field and nothing else changes.
        this._phoneError = this.#strings.phoneRejections[parsed.reason];
        this.#focusPhoneAfterRender();
        return;
      }
      body.phone = parsed.msisdn;
    }
    this._phoneError = undefined;
    const session = this._session;
    if (session && Date.parse(session.expiresAt) <= this.clock.now()) {
      this.#go(CheckoutState.SessionExpired);
      return;
    }
    // A popup opens only inside the click: open it blank now, point it at the page later.
    const popup = redirect ? this.#openPopup() : undefined;
    const generation = this.#generation;
    this._extensions = 0;
    this._notice = undefined;
    this.#go(CheckoutState.Sending);
    const timeout = new AbortController();
    const cancelTimeout = this.scheduler.after(START_TIMEOUT_MS, () => timeout.abort());
    try {
      const payment = await api.startPayment(body, timeout.signal);
      if (generation !== this.#generation) {
        popup?.close();
        return;
      }
      if (payment.status === 'pending') this.dispatchEvent(new LipwaStartedEvent({ payment }));
      if (payment.status === 'pending' && safeUrl(redirectTarget(payment))) {
        this.#leaveFor(payment, popup);
        return;
      }
      popup?.close();
      this.#show(payment);
    } catch (error) {
      popup?.close();
      if (generation !== this.#generation) return;
      // No answer in time: the push may still have happened, so look before offering a retry.
      if (timeout.signal.aborted) void this.#showLatestAttempt(this.#strings.problems.timeout);
      else this.#fail(error, 'submit');
    } finally {
      cancelTimeout();
    }
  }

  /** The chosen method (the first offered unless the customer picked another); none from an older server. */
  #method(): PaymentMethod | undefined {
    return this._methods.find((method) => method.id === this._methodId);
  }

  #onMethod(event: Event): void {
    this._methodId = (event.target as HTMLInputElement).value;
    this._phoneError = undefined;
  }

  /**
   * `redirect-mode="popup"`: a blank popup opened during the click (later would be blocked). The
   * hosted page gets no handle on this page (reverse tabnabbing). Undefined: same tab.
   */
  #openPopup(): PaymentPopup | undefined {
    if (this.redirectMode !== 'popup') return undefined;
    const popup = this.navigation.open('', POPUP_NAME, POPUP_FEATURES) ?? undefined;
    if (popup) popup.opener = null;
    return popup;
  }

  /**
   * Sends the customer to the payment's hosted page, in `popup` or else this tab, unless the
   * merchant cancels `lipwa-redirect` to navigate itself. The payment is followed meanwhile.
   */
  #leaveFor(payment: PaymentView, popup: PaymentPopup | undefined): void {
    const url = safeUrl(redirectTarget(payment));
    if (!url) return;
    this.#go(CheckoutState.Waiting, payment);
    this.#follow(payment.id);
    const redirect = new LipwaRedirectEvent({ url, payment });
    if (!this.dispatchEvent(redirect)) {
      popup?.close();
      return;
    }
    if (popup) {
      popup.location.replace(url);
      this.#popup = popup;
    } else {
      this.navigation.assign(url);
    }
  }

  /** "Continue to {name}" on a started redirect payment: back to its page, or its popup to the front. */
  #onContinue(): void {
    const popup = this.#popup;
    const payment = this._payment;
    if (popup && !popup.closed) popup.focus();
    else if (payment) this.#leaveFor(payment, this.#openPopup());
  }

  #onRetry(): void {
    if (this.#retryWait() > 0) return;
    this._message = undefined;
    this.#go(CheckoutState.Phone);
  }

  /** Seconds until "Try again" is allowed (0 when it is). */
  #retryWait(): number {
    return Math.max(0, Math.ceil((this._cooldownUntil - this.clock.now()) / 1000));
  }

  /** WCAG 2.2.1: the customer may extend the time shown; following goes on regardless. */
  #onMoreTime(): void {
    if (this._extensions >= MAX_EXTENSIONS) return;
    this._extensions++;
    this._notice = format(this.#strings.moreTimeAdded, { seconds: EXTENSION_MS / 1000 });
    // The button goes away after the last extension: keep focus inside the widget.
    if (this._extensions === MAX_EXTENSIONS) {
      void this.updateComplete.then(() => {
        this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
      });
    }
  }

  #onReload(): void {
    void this.#load();
  }

  #amount(): string {
    const money = this._payment?.amount ?? this._session?.amount;
    return money ? formatMoney(money) : '';
  }

  #time(iso: string): string {
    return new Intl.DateTimeFormat(this.#intlLocale, {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  }

  #countdown(): TemplateResult | typeof nothing {
    const expiresAt = this._payment?.promptExpiresAt;
    if (!expiresAt) return nothing;
    const deadline = Date.parse(expiresAt) + this._extensions * EXTENSION_MS;
    const left = Math.max(0, Math.ceil((deadline - this.clock.now()) / 1000));
    const strings = this.#strings;
    const text =
      left === 0
        ? strings.countdownOver
        : format(strings.countdown, {
            time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`,
          });
    return html`
      <p part="countdown" role="timer">${text}</p>
      ${
        this._extensions < MAX_EXTENSIONS
          ? html`<button part="button more-time" type="button" @click=${this.#onMoreTime}>
              ${strings.moreTime}
            </button>`
          : nothing
      }
    `;
  }

  /** "Didn't get the prompt?": SIM toolkit refresh and, when the merchant gave one, the manual route. */
  #help(strings: Strings, amount: string): TemplateResult {
    const reference = this._payment?.reference ?? this._session?.reference ?? '';
    const manual = this.paybill
      ? format(strings.helpPaybill, { number: this.paybill, reference, amount })
      : this.till
        ? format(strings.helpTill, { number: this.till, amount })
        : '';
    return html`
      <details part="help">
        <summary>${strings.helpSummary}</summary>
        <ul>
          <li>${strings.helpPhone}</li>
          <li>${strings.helpSim}</li>
          ${manual ? html`<li>${manual}</li>` : nothing}
        </ul>
      </details>
    `;
  }

  #heading(text: string): TemplateResult {
    return html`<header part="header"><h2 tabindex="-1" data-focus>${text}</h2></header>`;
  }

  /** "Try again", or "Try again in 12 s" (aria-disabled, still focusable) during a cooldown. */
  #tryAgainButton(): TemplateResult {
    const strings = this.#strings;
    const wait = this.#retryWait();
    const label = wait > 0 ? format(strings.retryIn, { seconds: wait }) : strings.tryAgain;
    return html`<button part="button" type="button" aria-disabled=${wait > 0 ? 'true' : 'false'}
      @click=${this.#onRetry}>${label}</button>`;
  }

  /**
   * One view per state, like lit task's `render({ pending, complete, error })`. `status` is
   * what changed (announced through the polite live region); `controls` are the fields and
   * buttons, kept outside it so typing and the countdown are not read out.
   */
  #views(strings: Strings): Record<CheckoutState, () => StateView> {
    const merchant = this._session?.merchantName ?? '';
    const amount = this.#amount();
    const payment = this._payment;
    const retry = () => ({ controls: this.#tryAgainButton() });
    return {
      loading: () => ({
        status: html`${this.#heading(strings.loading)}<p part="amount skeleton"></p><p
          part="skeleton"></p>`,
        controls: html`<div part="form skeleton" aria-hidden="true">
          <span part="label"></span><span part="input"></span><span class="hint"></span
          ><span part="button"></span>
        </div>`,
      }),
      phone: () => ({
        status: html`
          ${this.#heading(format(strings.payTo, { merchant }))}
          <p part="amount">${amount}</p>
          ${this._session?.description ? html`<p>${this._session.description}</p>` : nothing}
        `,
        controls: this.#phoneForm(strings, amount),
      }),
      sending: () => ({
        status: html`${this.#heading(strings.sendingHeading)}<p>${strings.sendingBody}</p>`,
      }),
      waiting: () => {
        const phone = payment?.phone ?? '';
        // Redirect providers (a hosted payment page) have no phone prompt to wait for.
        const redirect = payment?.next?.type === 'redirect';
        const heading = redirect ? strings.redirectHeading : strings.waitingHeading;
        const body = redirect ? strings.redirectBody : strings.waitingBody;
        return {
          status: html`
            ${this.#heading(heading)}
            <p part="amount">${amount}</p>
            <p>${format(body, { phone, merchant, amount })}</p>
            ${this._notice ? html`<p>${this._notice}</p>` : nothing}
          `,
          controls: redirect
            ? this.#continueButton(strings)
            : html`${this.#countdown()}${this.#help(strings, amount)}`,
        };
      },
      unfinished: () => ({
        status: html`
          ${this.#heading(strings.unfinishedHeading)}
          <p part="amount">${amount}</p>
          <p>${format(strings.unfinishedBody, { merchant, amount })}</p>
        `,
        controls: this.#continueButton(strings),
      }),
      success: () => ({
        status: html`
          ${this.#heading(strings.successHeading)}
          <p part="amount">${amount}</p>
          <p>${format(strings.successBody, { merchant, amount })}</p>
          ${payment ? html`<p>${format(strings.paidAt, { time: this.#time(payment.updatedAt) })}</p>` : nothing}
          ${
            payment?.receipt
              ? html`<p>${strings.receiptLabel}: <span part="receipt">${payment.receipt}</span></p>`
              : nothing
          }
        `,
      }),
      failure: () => ({
        status: html`
          ${this.#heading(strings.failureHeading)}
          <p>${this._message ?? strings.reasons.unknown}</p>
        `,
        ...retry(),
      }),
      cancelled: () => ({
        status: html`${this.#heading(strings.cancelledHeading)}<p>${
          payment?.next?.type === 'redirect' ? strings.redirectCancelledBody : strings.cancelledBody
        }</p>`,
        ...retry(),
      }),
      expired: () => ({
        status: html`
          ${this.#heading(strings.expiredHeading)}
          <p>${payment?.reason ? strings.reasons[payment.reason] : strings.expiredBody}</p>
        `,
        ...retry(),
      }),
      'session-expired': () => ({
        status: html`
          ${this.#heading(strings.sessionExpiredHeading)}
          <p>${strings.sessionExpiredBody}</p>
        `,
      }),
      error: () => ({
        status: html`
          ${this.#heading(strings.errorHeading)}
          <p>${this._message ?? strings.errorBody}</p>
        `,
        controls: html`
          <button part="button" type="button" @click=${this.#onReload}>${strings.tryAgain}</button>
        `,
      }),
    };
  }

  /** "Continue to CashPay": back to the hosted page of the payment shown (none for an unsafe URL). */
  #continueButton(strings: Strings): TemplateResult | typeof nothing {
    if (!safeUrl(redirectTarget(this._payment))) return nothing;
    return html`<button part="button" type="button" @click=${this.#onContinue}>
      ${this.#continueLabel(strings, this._payment?.provider)}
    </button>`;
  }

  /** "Continue to {name}" with the method's name, or "Continue to pay" when it is not known. */
  #continueLabel(strings: Strings, methodId: string | undefined): string {
    const name = this._methods.find((method) => method.id === methodId)?.name;
    return name ? format(strings.continueTo, { name }) : strings.redirectLink;
  }

  /** Several methods: a labelled radio group (arrow keys move the choice), the first preselected. */
  #picker(strings: Strings): TemplateResult | typeof nothing {
    if (this._methods.length < 2) return nothing;
    return html`
      <fieldset part="methods">
        <legend part="methods-legend">${strings.methodsLegend}</legend>
        ${this._methods.map(
          (method) => html`<label part="method">
            <input part="method-radio" type="radio" name="method" .value=${method.id}
              .checked=${method.id === this._methodId} @change=${this.#onMethod} />
            ${method.name}
          </label>`,
        )}
      </fieldset>
    `;
  }

  /** Entry: the picker, then the phone field and "Pay" for an STK method, or "Continue to {name}". */
  #phoneForm(strings: Strings, amount: string): TemplateResult {
    const method = this.#method();
    // One template for both flows, so switching method keeps the picker (and its focus) in place.
    const redirect = method?.flow === 'redirect';
    const invalid = this._phoneError !== undefined;
    const describedBy = invalid ? `${PHONE_ERROR_ID} ${PHONE_HINT_ID}` : PHONE_HINT_ID;
    return html`
      <form part="form" novalidate @submit=${this.#onSubmit}>
        ${this.#picker(strings)}
        ${
          redirect
            ? nothing
            : html`<label part="label" for=${PHONE_INPUT_ID}>${strings.phoneLabel}</label>
              <input
                part="input"
                id=${PHONE_INPUT_ID}
                name="phone"
                type="tel"
                inputmode="tel"
                autocomplete="tel"
                .value=${this._phoneValue}
                aria-invalid=${invalid ? 'true' : 'false'}
                aria-describedby=${describedBy}
                @input=${this.#onInput}
              />
              <p class="hint" id=${PHONE_HINT_ID}>${strings.phoneHint}</p>
              <p part="error" id=${PHONE_ERROR_ID}>${this._phoneError ?? ''}</p>`
        }
        <button part="button" type="submit">
          ${redirect ? this.#continueLabel(strings, method.id) : format(strings.payButton, { amount })}
        </button>
      </form>
    `;
  }

  protected override render(): TemplateResult {
    const strings = this.#strings;
    const view = this.#views(strings)[this._state]();
    return html`
      <div part="base" class=${this._state} lang=${this.#locale}>
        <div part="status" role="status" aria-live="polite">
          ${view.status}
          ${this._offline ? html`<p part="notice">${strings.reconnecting}</p>` : nothing}
        </div>
        ${view.controls ?? nothing}
      </div>
    `;
  }
}

/** The hosted page a redirect payment continues on, as the server sent it (not yet checked). */
function redirectTarget(payment: PaymentView | undefined): string | undefined {
  const next = payment?.next;
  return next?.type === 'redirect' ? next.url : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'lipwa-checkout': LipwaCheckout;
  }
}
