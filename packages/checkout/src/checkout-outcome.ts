/**
 * Pure rules from what the server said to what the widget shows: a payment's status to a state,
 * an error to a decision. No DOM, no timers, no text: a message is a reference into the language
 * table (`Message`), worded by the view, so a language switch rewords it.
 */
import type { FailureReason, PaymentView, PhoneRejection } from '@lipwa/core';
import { CheckoutError } from './checkout-error.js';
import type { CheckoutState } from './checkout-state.js';
import { format, type Strings } from './strings.js';

/** A server refusal the table words (`problems`), with the seconds to wait where it says so. */
export type ProblemKey = keyof Strings['problems'];

/** What a message line says, by its place in the language table. */
export type Message =
  | { readonly reason: FailureReason }
  | { readonly rejection: PhoneRejection }
  | { readonly problem: ProblemKey; readonly seconds?: number | undefined }
  | { readonly text: 'reversedBody' | 'errorBody' };

/** Where the error happened: loading the session, starting a payment, or following one. */
export type Phase = 'load' | 'submit' | 'follow';

/** A state to show, with its message and payment. */
export interface Shown {
  readonly kind: 'show';
  readonly state: CheckoutState;
  readonly message?: Message | undefined;
  readonly payment?: PaymentView | undefined;
}

/** What the controller does about an error. */
export type ErrorDecision =
  | Shown
  /** The phone field again, with this refusal under it. */
  | { readonly kind: 'phone'; readonly message: Message }
  /** `session_paid`: the session was paid meanwhile (another tab); look the payment up. */
  | { readonly kind: 'paid' }
  /** A refused or unanswered push: the latest attempt says why, or that it is pending after all. */
  | { readonly kind: 'latest-attempt'; readonly message: Message };

/**
 * The state a payment stands for. A pending redirect payment is `waiting` only while the
 * customer is on its hosted page (`current` is `waiting`); found pending anywhere else (back on
 * the return page, a reload) it is `unfinished`.
 */
export function showPayment(payment: PaymentView, current: CheckoutState): Shown {
  const show = (state: CheckoutState, message?: Message): Shown => ({
    kind: 'show',
    state,
    message,
    payment,
  });
  switch (payment.status) {
    case 'pending':
      return show(
        payment.next?.type === 'redirect' && current !== 'waiting' ? 'unfinished' : 'waiting',
      );
    case 'completed':
      return show('success');
    case 'cancelled':
      return show('cancelled');
    case 'expired':
      return show('expired');
    case 'reversed':
      return show('failure', { text: 'reversedBody' });
    default:
      return show('failure', { reason: payment.reason ?? 'unknown' });
  }
}

/** When "Try again" may be pressed after this payment (epoch ms), if the server said. */
export function retryTimeOf(payment: PaymentView): number | undefined {
  return payment.status === 'failed' && payment.retryAfter
    ? Date.parse(payment.retryAfter)
    : undefined;
}

/** When "Try again" may be pressed after this error (epoch ms), if the server said. */
export function retryTimeAfter(error: unknown, now: number): number | undefined {
  return error instanceof CheckoutError && error.retryAfter !== undefined
    ? now + error.retryAfter * 1000
    : undefined;
}

/**
 * What an error means for the customer. `payment` is the one on screen (kept with an expired
 * session, so the page can tell which payment was in progress).
 */
export function decideError(
  error: unknown,
  phase: Phase,
  payment: PaymentView | undefined,
): ErrorDecision {
  if (!(error instanceof CheckoutError)) {
    return { kind: 'show', state: 'error', message: { text: 'errorBody' } };
  }
  switch (error.code) {
    case 'session_expired':
    case 'invalid_session':
      return { kind: 'show', state: 'session-expired', payment };
    case 'invalid_phone':
      return { kind: 'phone', message: { problem: 'invalid_phone' } };
    case 'session_paid':
      return { kind: 'paid' };
    case 'attempt_cooldown':
    case 'rate_limited':
      return {
        kind: 'show',
        state: 'failure',
        message:
          error.retryAfter === undefined
            ? { problem: 'waitAMoment' }
            : { problem: error.code, seconds: Math.ceil(error.retryAfter) },
      };
    default:
      break;
  }
  if (phase === 'load' || (phase === 'follow' && error.code === 'payment_not_found')) {
    return {
      kind: 'show',
      state: 'error',
      message: error.offline ? { problem: 'offline' } : { text: 'errorBody' },
    };
  }
  // A reason the server attached is more precise than the code (a busy phone vs. an outage).
  const message: Message = error.offline
    ? { problem: 'offline' }
    : error.reason
      ? { reason: error.reason }
      : { problem: error.code };
  // The server recorded the refused attempt as failed, with its reason: show that payment.
  if (phase === 'submit' && error.code.startsWith('provider_') && !error.reason) {
    return { kind: 'latest-attempt', message };
  }
  return { kind: 'show', state: 'failure', message };
}

/**
 * After a refused or unanswered push, the latest attempt from `GET /session`: followed when it is
 * pending after all, shown when it failed for a known reason, else `fallback` is what to say.
 */
export function showLatestAttempt(
  payment: PaymentView | null | undefined,
  fallback: Message,
  current: CheckoutState,
): Shown {
  if (
    payment &&
    (payment.status === 'pending' ||
      (payment.status === 'failed' && payment.reason && payment.reason !== 'unknown'))
  ) {
    return showPayment(payment, current);
  }
  return { kind: 'show', state: 'failure', message: fallback, payment: payment ?? undefined };
}

/** The words of a message in `strings`; a problem the table does not word is "did not go through". */
export function messageText(strings: Strings, message: Message | undefined): string {
  if (!message) return '';
  if ('reason' in message) return strings.reasons[message.reason] ?? strings.reasons.unknown;
  if ('rejection' in message) return strings.phoneRejections[message.rejection];
  if ('text' in message) return strings[message.text];
  const template = strings.problems[message.problem] ?? strings.reasons.unknown;
  return message.seconds === undefined
    ? template
    : format(template, { wait: waitWords(strings.waitUnits, message.seconds) });
}

/** A wait in words that fit it: seconds under a minute, whole minutes under an hour, else hours. */
export function waitWords(units: string, seconds: number): string {
  const [n, form] =
    seconds < 60
      ? [seconds, 0]
      : seconds < 3600
        ? [Math.ceil(seconds / 60), 2]
        : [Math.round(seconds / 3600), 4];
  return format(units.split('|')[form + (n === 1 ? 0 : 1)] ?? '', { n });
}
