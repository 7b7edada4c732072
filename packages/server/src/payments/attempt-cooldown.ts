/**
 * The cooldown after a failed attempt: how long a reference waits before a new push, and the
 * refusal while it lasts. After a plain failure the wait is `attemptCooldownMs`; after a timeout
 * (the prompt may still be on the phone) it is the whole prompt window, so the customer is never
 * pushed twice for one intent.
 */
import { LipwaError } from '@lipwa/core';
import type { PaymentRecord } from '../stores/payment-record.js';

/** Whole seconds from `now` until `when`, at least 1 (what `Retry-After` says). */
export function secondsUntil(when: number, now: number): number {
  return Math.max(1, Math.ceil((when - now) / 1000));
}

/** When a reference may try again after an attempt ended without payment. */
export function retryAfterFailure(now: number, attemptCooldownMs: number): number {
  return now + attemptCooldownMs;
}

/** When a reference may try again after its initiation failed; longer when it was ambiguous. */
export function retryAfterFailedInitiation(
  now: number,
  ambiguous: boolean,
  timings: { readonly attemptCooldownMs: number; readonly promptTimeoutMs: number },
): number {
  return ambiguous
    ? now + timings.promptTimeoutMs
    : retryAfterFailure(now, timings.attemptCooldownMs);
}

/** Refuses a new attempt (`429 attempt_cooldown`) while the latest failed one is cooling down. */
export function refuseDuringCooldown(latest: PaymentRecord, now: number): void {
  if (latest.retryAfter === undefined || now >= latest.retryAfter) return;
  const seconds = secondsUntil(latest.retryAfter, now);
  throw new LipwaError(
    'attempt_cooldown',
    latest.initiationAmbiguous
      ? `The last request may still reach your phone. Check it, or try again in ${seconds} seconds.`
      : `Please wait ${seconds} seconds before trying again.`,
    { details: { retryAfter: seconds, limit: 'attempt_cooldown' } },
  );
}
