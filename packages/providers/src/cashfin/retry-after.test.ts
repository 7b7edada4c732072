import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

const now = Date.UTC(2025, 2, 14, 9, 30, 0);

describe('Cashfin retry hints', () => {
  it('reads retry_after from the body in seconds', () => {
    expect(retryAfterMs({ bodyRetryAfter: 30 }, now)).toBe(30_000);
    expect(retryAfterMs({ bodyRetryAfter: '2.5' }, now)).toBe(2_500);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs({ retryAfterHeader: '12' }, now)).toBe(12_000);
    expect(retryAfterMs({ retryAfterHeader: new Date(now + 45_000).toUTCString() }, now)).toBe(
      45_000,
    );
  });

  it('honours both, taking the longer wait', () => {
    expect(retryAfterMs({ bodyRetryAfter: 30, retryAfterHeader: '60' }, now)).toBe(60_000);
    expect(retryAfterMs({ bodyRetryAfter: 30, retryAfterHeader: '5' }, now)).toBe(30_000);
  });

  it('falls back to X-RateLimit-Reset (unix seconds) when neither is given', () => {
    const reset = String(Math.floor(now / 1000) + 20);

    expect(retryAfterMs({ rateLimitResetHeader: reset }, now)).toBe(20_000);
  });

  it('ignores garbage and caps absurd waits at a day', () => {
    expect(retryAfterMs({ bodyRetryAfter: 'soon', retryAfterHeader: 'later' }, now)).toBe(
      undefined,
    );
    expect(retryAfterMs({ bodyRetryAfter: -5 }, now)).toBe(undefined);
    expect(retryAfterMs({ bodyRetryAfter: 10_000_000 }, now)).toBe(86_400_000);
  });
});
