/**
 * When to ask a poll-only provider again about a refund or payout it has not settled: the wait
 * grows with the request's age (the age at the last check, between the reconciler's first-query
 * delay and its longest interval), so a slow result costs a few queries, not one per pass. No
 * counters are stored: the request's start and the last check are enough. A request still
 * unsettled `reviewAfterMs` after it was made is marked for review, never asked about for ever.
 */
export interface PollTiming {
  readonly firstQueryAfterMs: number;
  readonly maxIntervalMs: number;
}

/** Poll timing plus the deadline after which an unsettled refund or payout goes to review. */
export interface MoneyOutTiming extends PollTiming {
  readonly moneyOutReviewAfterMs: number;
}

/** When the request is next due to be asked about. */
export function nextPollAt(
  timing: PollTiming,
  requestedAt: number,
  lastCheckedAt: number | undefined,
): number {
  if (lastCheckedAt === undefined) return requestedAt + timing.firstQueryAfterMs;
  const wait = Math.min(
    timing.maxIntervalMs,
    Math.max(timing.firstQueryAfterMs, lastCheckedAt - requestedAt),
  );
  return lastCheckedAt + wait;
}

export function pollDue(
  timing: PollTiming,
  now: number,
  requestedAt: number,
  lastCheckedAt: number | undefined,
): boolean {
  return now >= nextPollAt(timing, requestedAt, lastCheckedAt);
}

/** Whether a request made at `requestedAt` has waited past the review deadline. */
export function pastReviewDeadline(
  timing: MoneyOutTiming,
  now: number,
  requestedAt: number,
): boolean {
  return now - requestedAt >= timing.moneyOutReviewAfterMs;
}
