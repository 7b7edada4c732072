/**
 * The payment logic of `<lipwa-checkout>` before "Pay", apart from its view: a Lit
 * `ReactiveController` that loads the session and the visitor's language in parallel, checks the
 * number and starts the payment. What follows (outcomes, following, the hosted page) is the
 * `PaymentFlow` of the after-"Pay" file, fetched after the first render. No DOM of its own
 * (events go through the element), so it is tested without one.
 */
import type { ReactiveController } from 'lit';
import {
  type CheckoutApi,
  createCheckoutApi,
  type FetchLike,
  fetchSessionToken,
} from './api-client.js';
import { type CheckoutHost, CheckoutModel } from './checkout-model.js';
import { openPaymentPopup } from './hosted-page.js';
import { LanguageTables } from './i18n/language-tables.js';
import { prefetchPaymentTable } from './i18n/load-tables.js';
import { type AfterPay, loadAfterPay } from './load-after-pay.js';
import type { PaymentFlow } from './payment-flow.js';

const DEFAULT_API_BASE = '/lipwa';

export class CheckoutController extends CheckoutModel implements ReactiveController {
  readonly tables: LanguageTables;
  /** The after-"Pay" code, once loaded. */
  late: AfterPay | undefined;
  /** What follows "Pay" for the session shown, once the after-"Pay" part is here. */
  flow: PaymentFlow | undefined;

  #api: CheckoutApi | undefined;
  /** Bumped on every (re)load so answers to an older session are dropped. */
  #generation = 0;
  /** True from "Pay" until the flow has taken it (a double click starts one payment). */
  #submitting = false;

  constructor(element: CheckoutHost) {
    super(element);
    this.tables = new LanguageTables(() => element.requestUpdate());
    element.addController(this);
  }

  hostConnected(): void {
    // Re-attached after a move in the DOM: pick the session up again.
    if (this.element.hasUpdated) void this.load();
  }

  hostDisconnected(): void {
    this.#generation++;
    this.#stop();
  }

  /** Loads (again) the session named by the element and the visitor's language, in parallel. */
  async load(): Promise<void> {
    const element = this.element;
    const generation = ++this.#generation;
    this.#stop();
    this.#api = undefined;
    this.message = undefined;
    this.go('loading');
    const language = this.tables.use(element.language, this.late?.loadPaymentTable);
    language.catch(() => undefined); // awaited below, once there is a session to show
    // Attributes may arrive later (frameworks set them after connecting): stay loading.
    if (!element.session && !element.sessionUrl) return;
    try {
      const fetch = this.#fetch();
      const token = element.session || (await fetchSessionToken(element.sessionUrl ?? '', fetch));
      if (generation !== this.#generation) return;
      const api = createCheckoutApi({ apiBase: element.apiBase ?? DEFAULT_API_BASE, token, fetch });
      const [view] = await Promise.all([api.getSession(), language]);
      if (generation !== this.#generation) return;
      this.#api = api;
      this.session = view.session;
      this.methods = view.methods;
      if (!this.method) this.methodId = view.methods[0]?.id;
      const payment = view.payment;
      if (payment) void this.#then((flow) => flow.resume(payment));
      else this.go('phone');
    } catch (error) {
      if (generation === this.#generation) void this.#then((flow) => flow.failed(error, 'load'));
    }
  }

  /** Fetches the after-"Pay" code and texts now (after the first render), so "Pay" never waits. */
  prefetch(): void {
    this.#afterPay().catch(() => undefined);
  }

  /**
   * "Pay" (or "Continue to {name}"): hands over to the payment flow, which checks the number and
   * starts the payment (the after-"Pay" part is usually here already, prefetched).
   */
  submit = async (event?: Event): Promise<void> => {
    event?.preventDefault();
    const element = this.element;
    if (!this.#api || this.state !== 'phone' || this.#submitting) return;
    this.#submitting = true;
    // A popup opens only inside the click: open it blank now, point it at the page later.
    const popup =
      this.method?.flow === 'redirect' && element.redirectMode === 'popup'
        ? openPaymentPopup(element.navigation)
        : undefined;
    try {
      if (!(await this.#then((flow) => flow.start(popup)))) popup?.close();
    } finally {
      this.#submitting = false;
    }
  };

  /** "Try again" after a load failure. */
  reload = (): void => {
    void this.load();
  };

  /** Ask the server for the payment now and reopen a dead stream (back online, tab visible). */
  refresh(): void {
    this.flow?.refresh();
  }

  /** Every second while a countdown shows: a hosted page's popup may have been closed. */
  tick(): void {
    this.flow?.tick();
  }

  #fetch(): FetchLike {
    // Native fetch must be called with the global as `this`.
    return this.element.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The after-"Pay" code and the payment texts of the language shown. */
  async #afterPay(): Promise<AfterPay> {
    const locale = this.element.language;
    prefetchPaymentTable(locale);
    const late = await loadAfterPay();
    // Real life: the customer leaves for the SIM prompt, the network drops, the tab is frozen.
    if (!this.late) late.watchPage(this);
    this.late = late;
    await this.tables.use(locale, late.loadPaymentTable);
    return late;
  }

  /**
   * Runs `next` with this session's flow once the after-"Pay" part is here. When it cannot load
   * (offline), nothing after "Pay" can show: the error state says so and offers to try again.
   * Resolves false when `next` did not run.
   */
  async #then(next: (flow: PaymentFlow) => unknown): Promise<boolean> {
    const generation = this.#generation;
    const current = () => generation === this.#generation;
    try {
      const late = await this.#afterPay();
      if (!current()) return false;
      this.flow ??= new late.PaymentFlow(this, this.#api, current);
    } catch {
      if (current()) {
        this.message = { text: 'errorBody' };
        this.go('error');
      }
      return false;
    }
    await next(this.flow);
    return current();
  }

  #stop(): void {
    this.flow?.stop();
    this.flow = undefined;
  }
}
