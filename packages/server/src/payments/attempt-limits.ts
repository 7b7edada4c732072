/**
 * Rate limits on starting payments: per session, per phone and per client address, each a fixed
 * window (`rateLimit` options). A refusal is `429 rate_limited` with the seconds to wait.
 */
import { type Clock, LipwaError } from '@lipwa/core';
import { secondsUntil } from './attempt-cooldown.js';
import { createFixedWindowLimiter, type RateLimiter } from './rate-limiter.js';

export interface AttemptLimitSettings {
  readonly windowMs: number;
  readonly maxPerSession: number;
  readonly maxPerPhone: number;
  readonly maxPerClient: number;
}

export interface AttemptLimits {
  /** Counts one attempt against each key given; throws `rate_limited` on the first one over. */
  check(keys: {
    readonly session: string;
    readonly phone?: string | undefined;
    readonly client?: string | undefined;
  }): void;
}

type LimitKind = 'session' | 'phone' | 'client';

export function createAttemptLimits(settings: AttemptLimitSettings, clock: Clock): AttemptLimits {
  const limiter = (max: number) =>
    createFixedWindowLimiter({ windowMs: settings.windowMs, max, clock });
  const limiters: Record<LimitKind, RateLimiter> = {
    session: limiter(settings.maxPerSession),
    phone: limiter(settings.maxPerPhone),
    client: limiter(settings.maxPerClient),
  };

  function limit(kind: LimitKind, key: string): void {
    const decision = limiters[kind].hit(key);
    if (decision.allowed) return;
    const seconds = secondsUntil(clock.now() + decision.retryAfterMs, clock.now());
    throw new LipwaError(
      'rate_limited',
      `Too many payment attempts for this ${kind === 'client' ? 'device' : kind}. Try again in ${seconds} seconds.`,
      { details: { retryAfter: seconds, limit: kind } },
    );
  }

  return {
    check({ session, phone, client }) {
      limit('session', session);
      if (phone) limit('phone', phone);
      if (client) limit('client', client);
    },
  };
}
