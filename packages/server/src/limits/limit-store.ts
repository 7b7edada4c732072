/**
 * Where abuse limits keep their counts. One interface, three backends (memory for one process,
 * Redis or PostgreSQL shared across instances), each built on rate-limiter-flexible so two
 * instances on one store grant one allowance between them, not one each.
 */

/** One allowance: at most `max` hits per `windowMs` for each key under `name`. */
export interface LimitRule {
  /** Stable name; it prefixes every key so rules never share a counter. */
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
}

export interface LimitDecision {
  readonly allowed: boolean;
  /** Milliseconds until the key's window resets (0 when allowed). */
  readonly retryAfterMs: number;
}

export interface LimitStore {
  /** Counts `points` hits (default 1) against `key` under `rule` and says whether it fit. */
  consume(rule: LimitRule, key: string, points?: number): Promise<LimitDecision>;
}
