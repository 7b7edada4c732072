/**
 * What every state's view is made of: the context a view reads, its two halves, and the pieces
 * several states share (the heading and its mark, the amount, "Continue to {name}").
 */
import { formatMoney } from '@lipwa/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutController } from '../checkout-controller.js';
import { type EntryStrings, format } from '../strings.js';

/** What a view reads: the controller's data, the texts of the language shown, the time. */
export interface ViewContext<S extends EntryStrings = EntryStrings> {
  readonly checkout: CheckoutController;
  readonly strings: S;
  /** `en-KE` or `sw-KE`: numbers and dates as Kenyans write them in that language. */
  readonly intlLocale: string;
  readonly now: number;
  readonly paybill?: string | undefined;
  readonly till?: string | undefined;
}

/**
 * One state's view, like lit task's `render({ pending, complete, error })`. `status` is what
 * changed (announced through the polite live region); `controls` are the fields and buttons,
 * kept outside it so typing and the countdown are not read out.
 */
export interface StateView {
  readonly status: TemplateResult;
  readonly controls?: TemplateResult | typeof nothing;
}

/** The "something is happening" ring: it turns, unless the visitor asked for less motion. */
export const spinner = html`<svg part="icon" class="spin" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10" pathLength="100" stroke-dasharray="70 30"/></svg>`;

/** The state's heading; focus moves to it when the customer's action changed the state. */
export function heading(text: string, mark: TemplateResult | typeof nothing = nothing) {
  return html`<header part="header">${mark}<h2 tabindex="-1" data-focus>${text}</h2></header>`;
}

/** The amount due, `KES 1,500`. */
export function amount({ checkout }: ViewContext): string {
  const money = checkout.payment?.amount ?? checkout.session?.amount;
  return money ? formatMoney(money) : '';
}

/** "Continue to {name}" with the method's name, or "Continue to pay" when it is not known. */
export function continueLabel({ checkout, strings }: ViewContext, methodId: string | undefined) {
  const name = checkout.methods.find((method) => method.id === methodId)?.name;
  return name ? format(strings.continueTo, { name }) : strings.redirectLink;
}
