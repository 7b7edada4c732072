import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows the limit in a minute, refuses the next, and opens a new window after the minute', () => {
    const limiter = createRateLimiter(3);

    const first = limiter.hit('token:1', 0);
    limiter.hit('token:1', 10_000);
    const third = limiter.hit('token:1', 20_000);
    const fourth = limiter.hit('token:1', 30_500);
    const later = limiter.hit('token:1', 60_000);

    expect(first).toMatchObject({ allowed: true, limit: 3, remaining: 2 });
    expect(third).toMatchObject({ allowed: true, remaining: 0 });
    expect(fourth).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 30,
      resetAt: 60,
    });
    expect(later).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts each token on its own', () => {
    const limiter = createRateLimiter(1);

    limiter.hit('token:1', 0);

    expect(limiter.hit('token:2', 0).allowed).toBe(true);
    expect(limiter.hit('token:1', 0).allowed).toBe(false);
  });
});
