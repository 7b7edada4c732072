/**
 * The element: its attributes and properties, and which view each state draws. The payment logic
 * is in `CheckoutController`; the views are in `views/`, the after-"Pay" ones loaded after the
 * first render.
 */
import type { Clock } from '@lipwa/core';
import { systemClock } from '@lipwa/core';
import {
  adoptStyles,
  html,
  LitElement,
  nothing,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import type { FetchLike } from './api-client.js';
import { CheckoutController } from './checkout-controller.js';
import type { CheckoutState } from './checkout-state.js';
import { type PageNavigation, pageNavigation } from './hosted-page.js';
import { firstStrings } from './i18n/first.js';
import { checkoutStyles } from './lipwa-checkout.styles.js';
import { type Scheduler, timerScheduler } from './scheduler.js';
import {
  type EntryStrings,
  type Locale,
  mergeStrings,
  resolveLocale,
  type StringOverrides,
  type Strings,
} from './strings.js';
import { entryViews, phoneSelector, skeletonView } from './views/entry-views.js';
import type { StateView, ViewContext } from './views/view-parts.js';

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
 * @cssprop --lipwa-color-success - The success heading and its icon.
 * @cssprop --lipwa-color-muted - Secondary text: hints, the description, the countdown's track.
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
 * @csspart icon - The icon beside each outcome's heading (and the turning one while sending).
 * @csspart countdown - Time left on the phone prompt: a ring that empties, and the sentence.
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

  readonly #checkout = new CheckoutController(this);
  /** True once the after-"Pay" part's styles are adopted next to the main ones. */
  #paymentStyled = false;

  constructor() {
    super();
    this.theme = 'light';
    this.clock = systemClock;
    this.scheduler = timerScheduler;
    this.navigation = pageNavigation;
  }

  /** True while the network is away and the widget is reconnecting. */
  get offline(): boolean {
    return this.#checkout.offline;
  }

  /** The current state (read-only; follow `lipwa-state` to react to changes). */
  get state(): CheckoutState {
    return this.#checkout.state;
  }

  /** The language shown: the `locale` attribute, else the browser's languages, else English. */
  get language(): Locale {
    return resolveLocale(this.locale, globalThis.navigator?.languages);
  }

  /** True when focus is inside the element (for its controller). @internal */
  hasFocus(): boolean {
    return this.matches(':focus-within');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const checkout = this.#checkout;
    if (changed.has('phone') && this.phone !== undefined && checkout.phoneValue === '') {
      checkout.phoneValue = this.phone;
    }
    // Ask for the session (and the language, in parallel) before the first render, not after
    // it: those requests are the long pole of time-to-interactive.
    if (changed.has('session') || changed.has('sessionUrl') || changed.has('apiBase')) {
      void checkout.load();
    } else if (changed.has('locale') && this.hasUpdated) {
      checkout.tables.use(this.language, checkout.late?.loadPaymentTable).catch(() => undefined);
    }
  }

  protected override updated(): void {
    const checkout = this.#checkout;
    const late = checkout.late;
    if (late && !this.#paymentStyled && this.shadowRoot) {
      this.#paymentStyled = true;
      adoptStyles(this.shadowRoot, [checkoutStyles, late.paymentStyles]);
    }
    // The after-"Pay" part is fetched once the phone field is on screen (a task later, so the
    // first render is done and painted first).
    if (checkout.state === 'phone' && !checkout.late) setTimeout(() => checkout.prefetch());
    const focus = checkout.takeFocus();
    const target = focus === 'phone' ? phoneSelector : focus ? '[data-focus]' : undefined;
    if (target) this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /**
   * The view of the state shown. The texts are the language's parts that have arrived under the
   * merchant's overrides; until a state's texts are here (a language switch, a slow file) the
   * skeleton shows instead.
   */
  #view(): { view: StateView; locale: Locale; strings: EntryStrings } {
    const checkout = this.#checkout;
    const { entry, payment } = checkout.tables;
    const locale = checkout.tables.locale ?? this.language;
    const strings = mergeStrings(
      mergeStrings(entry ?? (firstStrings[locale] as EntryStrings), payment),
      this.strings,
    );
    const context: ViewContext = {
      checkout,
      strings,
      intlLocale: `${locale}-KE`,
      now: this.clock.now(),
      paybill: this.paybill,
      till: this.till,
    };
    const state = checkout.state;
    // Without its language file only the skeleton's and the error's words are there.
    const early = entry || state === 'error' ? entryViews[state] : undefined;
    const late = payment ? checkout.late?.paymentViews[state] : undefined;
    const view =
      early?.(context) ?? late?.(context as ViewContext<Strings>) ?? skeletonView(context);
    return { view, locale, strings };
  }

  protected override render(): TemplateResult {
    const { view, locale, strings } = this.#view();
    const checkout = this.#checkout;
    // Undefined only without a language file; then the state itself says it could not load.
    const reconnecting = (strings as Partial<Strings>).reconnecting;
    return html`
      <div part="base" class=${checkout.state} lang=${locale}>
        <div part="status" role="status" aria-live="polite">
          ${view.status}
          ${checkout.offline && reconnecting ? html`<p part="notice">${reconnecting}</p>` : nothing}
        </div>
        ${view.controls ?? nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lipwa-checkout': LipwaCheckout;
  }
}
