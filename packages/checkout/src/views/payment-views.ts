/**
 * The views after "Pay", in the after-"Pay" file: waiting for the PIN (a countdown ring, more
 * time, help), the hosted page's step, and each outcome with its icon.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { EXTENSION_MS, MAX_EXTENSIONS } from '../checkout-model.js';
import { messageText } from '../checkout-outcome.js';
import type { CheckoutState } from '../checkout-state.js';
import { displayPhone } from '../phone-display.js';
import { redirectTarget, safeUrl } from '../redirect-target.js';
import { format, type Strings } from '../strings.js';
import {
  amount,
  continueLabel,
  heading,
  type StateView,
  spinner,
  type ViewContext,
} from './view-parts.js';

type Context = ViewContext<Strings>;

/** An outcome's icon: a ring and one stroke, coloured by `tone` (decorative; the heading says it). */
export function icon(tone: string, path: string): TemplateResult {
  return html`<svg part="icon" class=${tone} viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d=${path}/></svg>`;
}

/** The strokes inside each outcome's ring: a tick, a cross, a dash, clock hands. */
const TICK = 'm7.5 12.5 3 3 6-6';
const CROSS = 'm9 9 6 6m0-6-6 6';
const DASH = 'M8 12h8';
const CLOCK = 'M12 7v5l3 2';
/** An exclamation mark: the checkout cannot go on as it is. */
const ALERT = 'M12 7v6m0 4v.01';

/** "Try again", or "Try again in 12 s" (aria-disabled, still focusable) during a cooldown. */
function tryAgainButton({ checkout, strings }: Context): TemplateResult {
  const wait = checkout.retryWait;
  const label = wait > 0 ? format(strings.retryIn, { seconds: wait }) : strings.tryAgain;
  return html`<button part="button" type="button" aria-disabled=${wait > 0 ? 'true' : 'false'}
    @click=${checkout.flow?.retry}>${label}</button>`;
}

/** "Continue to CashPay": back to the hosted page of the payment shown (none for an unsafe URL). */
function continueButton(context: Context): TemplateResult | typeof nothing {
  const payment = context.checkout.payment;
  if (!safeUrl(redirectTarget(payment))) return nothing;
  return html`<button part="button" type="button" @click=${context.checkout.flow?.continue}>
    ${continueLabel(context, payment?.provider)}
  </button>`;
}

/**
 * Time left on the phone prompt: a ring that empties (its arc drawn by SVG attributes, so the
 * strict CSP needs no inline style), the minutes in it, the sentence beside it.
 */
function countdown({ checkout, strings, now }: Context): TemplateResult | typeof nothing {
  const payment = checkout.payment;
  const expiresAt = payment?.promptExpiresAt;
  if (!payment || !expiresAt) return nothing;
  const deadline = Date.parse(expiresAt) + checkout.extensions * EXTENSION_MS;
  const total = Math.max(1, deadline - Date.parse(payment.createdAt));
  const leftMs = Math.min(total, Math.max(0, deadline - now));
  const left = Math.ceil(leftMs / 1000);
  const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return html`
    <div part="countdown" role="timer">
      <span class="ring" aria-hidden="true"><svg viewBox="0 0 36 36"><circle cx="18" cy="18"
        r="16"/><circle cx="18" cy="18" r="16" pathLength="100" stroke-dasharray="100"
        stroke-dashoffset=${(100 - (leftMs / total) * 100).toFixed(2)}/></svg>${left ? time : ''}</span>
      <p>${left ? format(strings.countdown, { time }) : strings.countdownOver}</p>
    </div>
    ${
      checkout.extensions < MAX_EXTENSIONS
        ? html`<button part="button more-time" type="button" @click=${checkout.flow?.moreTime}>
            ${strings.moreTime}
          </button>`
        : nothing
    }
  `;
}

/** "Didn't get the prompt?": SIM toolkit refresh and, when the merchant gave one, the manual route. */
function help(context: Context): TemplateResult {
  const { checkout, strings, paybill, till } = context;
  const reference = checkout.payment?.reference ?? checkout.session?.reference ?? '';
  const due = amount(context);
  const manual = paybill
    ? format(strings.helpPaybill, { number: paybill, reference, amount: due })
    : till
      ? format(strings.helpTill, { number: till, amount: due })
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

/** An outcome: its icon and heading, the amount where it helps, what happened, what to do. */
function outcome(
  mark: TemplateResult,
  title: string,
  body: TemplateResult | string,
  context: Context,
): StateView {
  return {
    status: html`${heading(title, mark)}<p>${body}</p>`,
    controls: tryAgainButton(context),
  };
}

function paidAt({ intlLocale }: Context, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** The views of the states after "Pay". */
export const paymentViews: Partial<Record<CheckoutState, (context: Context) => StateView>> = {
  waiting: (context) => {
    const { checkout, strings } = context;
    const payment = checkout.payment;
    const merchant = checkout.session?.merchantName ?? '';
    const due = amount(context);
    // Redirect providers (a hosted payment page) have no phone prompt to wait for.
    const redirect = payment?.next?.type === 'redirect';
    const phone = displayPhone(payment?.phone ?? '', checkout.paidFrom);
    return {
      status: html`
        ${heading(redirect ? strings.redirectHeading : strings.waitingHeading, redirect ? spinner : nothing)}
        <p part="amount">${due}</p>
        <p>${format(redirect ? strings.redirectBody : strings.waitingBody, { phone, merchant, amount: due })}</p>
        ${checkout.extended ? html`<p>${format(strings.moreTimeAdded, { seconds: EXTENSION_MS / 1000 })}</p>` : nothing}
      `,
      controls: redirect ? continueButton(context) : html`${countdown(context)}${help(context)}`,
    };
  },
  unfinished: (context) => ({
    status: html`
      ${heading(context.strings.unfinishedHeading, icon('wait', CLOCK))}
      <p part="amount">${amount(context)}</p>
      <p>${format(context.strings.unfinishedBody, {
        merchant: context.checkout.session?.merchantName ?? '',
        amount: amount(context),
      })}</p>
    `,
    controls: continueButton(context),
  }),
  success: (context) => {
    const { checkout, strings } = context;
    const payment = checkout.payment;
    const merchant = checkout.session?.merchantName ?? '';
    return {
      status: html`
        ${heading(strings.successHeading, icon('good', TICK))}
        <p part="amount">${amount(context)}</p>
        <p>${format(strings.successBody, { merchant, amount: amount(context) })}</p>
        ${payment ? html`<p>${format(strings.paidAt, { time: paidAt(context, payment.updatedAt) })}</p>` : nothing}
        ${
          payment?.receipt
            ? html`<p>${strings.receiptLabel}: <span part="receipt">${payment.receipt}</span></p>`
            : nothing
        }
      `,
    };
  },
  failure: (context) =>
    outcome(
      icon('bad', CROSS),
      context.strings.failureHeading,
      messageText(context.strings, context.checkout.message) || context.strings.reasons.unknown,
      context,
    ),
  cancelled: (context) =>
    outcome(
      icon('quiet', DASH),
      context.strings.cancelledHeading,
      context.checkout.payment?.next?.type === 'redirect'
        ? context.strings.redirectCancelledBody
        : context.strings.cancelledBody,
      context,
    ),
  'session-expired': ({ strings }) => ({
    status: html`${heading(strings.sessionExpiredHeading, icon('bad', ALERT))}
      <p>${strings.sessionExpiredBody}</p>`,
  }),
  expired: (context) => {
    const reason = context.checkout.payment?.reason;
    return outcome(
      icon('quiet', CLOCK),
      context.strings.expiredHeading,
      reason ? context.strings.reasons[reason] : context.strings.expiredBody,
      context,
    );
  },
};
