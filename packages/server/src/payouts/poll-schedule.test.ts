import { describe, expect, it } from 'vitest';
import { pollDue } from './poll-schedule.js';

const timing = { firstQueryAfterMs: 20_000, maxIntervalMs: 120_000 };

describe('pollDue', () => {
  it('asks first once the first-query delay has passed since the request', () => {
    expect(pollDue(timing, 19_999, 0, undefined)).toBe(false);
    expect(pollDue(timing, 20_000, 0, undefined)).toBe(true);
  });

  it('then waits as long as the request was old at the last check', () => {
    expect(pollDue(timing, 40_000 + 39_999, 0, 40_000)).toBe(false);
    expect(pollDue(timing, 40_000 + 40_000, 0, 40_000)).toBe(true);
  });

  it('never waits less than the first delay nor more than the longest interval', () => {
    expect(pollDue(timing, 5_000 + 19_999, 0, 5_000)).toBe(false);
    expect(pollDue(timing, 3_600_000 + 120_000, 0, 3_600_000)).toBe(true);
  });
});
