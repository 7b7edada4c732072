/**
 * What `<lipwa-checkout>` shows, as data: the state, the session, the payment, the field, the
 * messages; and the one way the state changes (`go`), which announces it with the widget's events
 * and decides where focus goes. `CheckoutController` adds the flows that drive it.
 */
import type { CheckoutSession, Clock, PaymentMethod, PaymentView } from '@lipwa/core';
import type { ReactiveControllerHost } from 'lit';
import type { FetchLike } from './api-client.js';
import type { Message } from './checkout-outcome.js';
import type { CheckoutState } from './checkout-state.js';
import { fire, type LipwaEventName } from './events.js';
import type { PageNavigation } from './hosted-page.js';
import type { Scheduler } from './scheduler.js';
import type { Locale } from './strings.js';

/** What the controller reads from and does to its element. */
export interface CheckoutHost extends ReactiveControllerHost, EventTarget {
  readonly session?: string | undefined;
  readonly sessionUrl?: string | undefined;
  readonly apiBase?: string | undefined;
  readonly redirectMode?: 'same-tab' | 'popup' | undefined;
  readonly fetch?: FetchLike | undefined;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly navigation: PageNavigation;
  /** The language to show, resolved from the `locale` attribute and the browser. */
  readonly language: Locale;
  readonly hasUpdated: boolean;
  /** True when focus is inside the element (a load must not pull focus from the page). */
  hasFocus(): boolean;
}

export type SessionInfo = Omit<CheckoutSession, 'allowedOrigin'>;

/** "More time" adds this much to the displayed countdown, at most `MAX_EXTENSIONS` times. */
export const EXTENSION_MS = 60_000;
export const MAX_EXTENSIONS = 3;
/** The event each outcome fires beside `lipwa-state`, with the payment. */
const outcomeEvents: Partial<Record<CheckoutState, LipwaEventName>> = {
  success: 'lipwa-success',
  failure: 'lipwa-failure',
  cancelled: 'lipwa-cancelled',
  expired: 'lipwa-expired',
  'session-expired': 'lipwa-session-expired',
};

export class CheckoutModel {
  state: CheckoutState = 'loading';
  session: SessionInfo | undefined;
  methods: readonly PaymentMethod[] = [];
  methodId: string | undefined;
  payment: PaymentView | undefined;
  phoneValue = '';
  /** The normalised number the customer last paid from (shown as `0712 ••• 202`). */
  paidFrom: string | undefined;
  phoneError: Message | undefined;
  message: Message | undefined;
  extensions = 0;
  /** "We added 60 seconds" shows after "More time". */
  extended = false;
  offline = false;
  cooldownUntil = 0;
  /** Where focus goes after the next render; the view takes it (`takeFocus`). */
  focus: 'heading' | 'phone' | undefined;

  /** The element: its attributes, clock, scheduler and page, and where events are fired. */
  readonly element: CheckoutHost;
  protected focusAfterLoad = false;

  constructor(element: CheckoutHost) {
    this.element = element;
  }

  /** The chosen method (the first offered unless the customer picked another); none from an older server. */
  get method(): PaymentMethod | undefined {
    return this.methods.find((method) => method.id === this.methodId);
  }

  /** Seconds until "Try again" is allowed (0 when it is). */
  get retryWait(): number {
    return Math.max(0, Math.ceil((this.cooldownUntil - this.element.clock.now()) / 1000));
  }

  /** The focus target of the render that just happened, once. */
  takeFocus(): 'heading' | 'phone' | undefined {
    const focus = this.focus;
    this.focus = undefined;
    return focus;
  }

  pickMethod(id: string): void {
    this.methodId = id;
    this.phoneError = undefined;
    this.element.requestUpdate();
  }

  typePhone(value: string): void {
    this.phoneValue = value;
  }

  /** The network went away or came back: "Reconnecting…" shows meanwhile, events say so. */
  setOffline(offline: boolean): void {
    if (this.offline === offline) return;
    this.offline = offline;
    this.element.requestUpdate();
    fire(this.element, offline ? 'lipwa-offline' : 'lipwa-online', { state: this.state });
  }

  /** Shows `state` (with `payment`), announcing a change with `lipwa-state` and its outcome event. */
  go(state: CheckoutState, payment?: PaymentView): void {
    const element = this.element;
    this.payment = payment;
    element.requestUpdate();
    // A newer view of the same state (a pending payment's update) is not a state change.
    if (this.state === state) return;
    // Focus follows the customer's own actions. Loading a session (the page opening, a new
    // token) must not pull focus from the page unless it was already in the widget.
    if (state === 'loading') {
      this.focusAfterLoad = element.hasFocus();
      this.focus = undefined;
    } else {
      // The field takes the number while the session loads: a customer typing in it keeps focus.
      const typing = this.state === 'loading' && state === 'phone' && element.hasFocus();
      this.focus =
        this.state !== 'loading' || (this.focusAfterLoad && !typing) ? 'heading' : undefined;
    }
    this.state = state;
    fire(element, 'lipwa-state', { state, payment });
    const outcome = outcomeEvents[state];
    if (outcome && (payment || state === 'session-expired')) {
      fire(element, outcome, { payment } as { payment: PaymentView });
    }
  }

  /** Disables "Try again" until the server's cooldown has passed. */
  coolDown(until: number | undefined): void {
    if (until !== undefined && Number.isFinite(until) && until > this.cooldownUntil) {
      this.cooldownUntil = until;
    }
  }
}
