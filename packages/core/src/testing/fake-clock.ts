/** The one fake clock of the repository's tests: time moves only when the test moves it. */
import type { Clock } from '../provider.js';

/** 2025-03-01 09:00 UTC: where a fake clock starts unless told otherwise. */
export const TEST_START_MS = Date.parse('2025-03-01T09:00:00.000Z');

export interface FakeClock extends Clock {
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Sets the time to `ms` (epoch milliseconds). */
  set(ms: number): void;
}

export function fakeClock(startMs = TEST_START_MS): FakeClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
