/**
 * The back-off after a prompt the customer cancelled or left unanswered: it costs extra points on
 * the phone's counters (charged even over the limit), so a victim who keeps cancelling reaches the
 * limit sooner and is left alone until those points slide out of the window. Runs beside the merchant's `onPaymentFinal` (never instead).
 */

import type { LimitStore } from '../limits/limit-store.js';
import type { Logger } from '../logger.js';
import type { PaymentFinalEvent } from '../options.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import { type AttemptLimitSettings, phoneRules } from './attempt-limits.js';

const UNWANTED = new Set(['cancelled_by_user', 'no_response']);

export interface PromptBackoffDeps {
  readonly store: { get(id: string): Promise<PaymentRecord | undefined> };
  readonly limits: AttemptLimitSettings & { readonly store: LimitStore };
  /** Extra points an unwanted prompt costs on top of the one it already counted. */
  readonly extraPoints: number;
  readonly logger: Logger;
}

export function withPromptBackoff(
  deps: PromptBackoffDeps,
  next: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined,
): (event: PaymentFinalEvent) => Promise<void> {
  async function charge(event: PaymentFinalEvent): Promise<void> {
    if (deps.extraPoints <= 0 || !UNWANTED.has(event.payment.reason ?? '')) return;
    const record = await deps.store.get(event.payment.id);
    if (!record?.phone) return;
    for (const rule of phoneRules(deps.limits)) {
      await deps.limits.store.penalize(rule, record.phone, deps.extraPoints);
    }
  }
  return async (event) => {
    try {
      await charge(event);
    } catch (error) {
      // A limit store that is down must not stop the merchant's hook.
      deps.logger.warn({ error: String(error) }, 'Could not record the prompt back-off');
    }
    await next?.(event);
  };
}
