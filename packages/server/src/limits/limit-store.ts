/**
 * Where abuse limits keep their counts. One interface, three backends (memory for one process,
 * Redis or PostgreSQL shared across instances), each built on rate-limiter-flexible so two
 * instances on one store grant one allowance between them, not one each. Windows slide: no span
 * of `windowMs` ever holds more than `max` allowed hits, wherever it starts.
 */

/** One allowance: at most `max` hits in any `windowMs` for each key under `name`. */
export interface LimitRule {
  /**
   * Stable name, e.g. `phone_window`: it prefixes every key, so rules never share a counter, and
   * a refusal names it as the problem's `limit`.
   */
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
}

export interface LimitDecision {
  readonly allowed: boolean;
  /** Milliseconds until the same hit would fit (0 when allowed). */
  readonly retryAfterMs: number;
}

export interface LimitStore {
  /**
   * Counts `points` hits (default 1) against `key` under `rule` if they fit, and says whether they
   * did. A refused hit is not counted.
   */
  consume(rule: LimitRule, key: string, points?: number): Promise<LimitDecision>;
  /** Counts `points` against `key` whether or not they fit: a penalty that lengthens the wait. */
  penalize(rule: LimitRule, key: string, points: number): Promise<void>;
}
