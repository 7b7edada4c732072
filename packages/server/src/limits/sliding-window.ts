/**
 * The arithmetic of a sliding window counted in clock-aligned sub-windows. A rule of `max` per
 * `windowMs` keeps one count per sub-window of `windowMs / SUB_WINDOWS`; a hit is allowed when the
 * counts of every sub-window that may hold a hit from the last `windowMs`, plus the hit, stay
 * within `max`. Since a count does not say when in its sub-window each hit came, a sub-window is
 * counted until its last instant is a whole window old: no span of `windowMs` ever holds more
 * than `max` hits, and a refused key waits at most one sub-window longer than an exact log would.
 */

/** Sub-windows per window: more is closer to an exact log, at one more read per hit each. */
export const SUB_WINDOWS = 10;

export interface SlidingWindow {
  /** Length of one sub-window in milliseconds. */
  readonly subWindowMs: number;
  /** Index of the sub-window `now` falls in (sub-windows are aligned to the epoch). */
  readonly current: number;
  /** Indices whose counts a hit at `now` adds up, oldest first; the last is `current`. */
  readonly counted: readonly number[];
}

export function slidingWindow(windowMs: number, now: number): SlidingWindow {
  const subWindowMs = Math.max(1, Math.ceil(windowMs / SUB_WINDOWS));
  const current = Math.floor(now / subWindowMs);
  const counted = Array.from({ length: SUB_WINDOWS + 1 }, (_, i) => current - SUB_WINDOWS + i);
  return { subWindowMs, current, counted };
}

/**
 * Milliseconds until `points` more fit under `max`, given the counts of `window.counted` (oldest
 * first) without those points; 0 when they fit now. Sub-window `i` of `counted` stops counting at
 * the start of sub-window `current + 1 + i`, so the wait runs until enough of the oldest are gone.
 */
export function msUntilFits(
  window: SlidingWindow,
  counts: readonly number[],
  points: number,
  max: number,
  now: number,
): number {
  if (sumFrom(counts, 0) + points <= max) return 0;
  // With every sub-window gone and still no room (`points` > `max`), the whole span is the wait.
  const dropped = counts.findIndex((_, i) => sumFrom(counts, i + 1) + points <= max);
  const leaves = dropped === -1 ? counts.length - 1 : dropped;
  return Math.max(1, (window.current + 1 + leaves) * window.subWindowMs - now);
}

function sumFrom(counts: readonly number[], start: number): number {
  let sum = 0;
  for (let i = start; i < counts.length; i++) sum += counts[i] ?? 0;
  return sum;
}
