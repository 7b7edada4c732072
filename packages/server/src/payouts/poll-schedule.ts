/**
 * When to ask a poll-only provider again about a refund or payout it has not settled: the wait
 * grows with the request's age (the age at the last check, between the reconciler's first-query
 * delay and its longest interval), so a slow result costs a few queries, not one per pass. No
 * counters are stored: the request's start and the last check are enough.
 */
export interface PollTiming {
  readonly firstQueryAfterMs: number;
  readonly maxIntervalMs: number;
}

export function pollDue(
  timing: PollTiming,
  now: number,
  requestedAt: number,
  lastCheckedAt: number | undefined,
): boolean {
  if (lastCheckedAt === undefined) return now - requestedAt >= timing.firstQueryAfterMs;
  const wait = Math.min(
    timing.maxIntervalMs,
    Math.max(timing.firstQueryAfterMs, lastCheckedAt - requestedAt),
  );
  return now - lastCheckedAt >= wait;
}
