import { afterEach, describe, expect, it, vi } from 'vitest';
import { joinPing, pingTimerCount } from './shared-ping.js';

describe('the shared ping timer', () => {
  afterEach(() => vi.useRealTimers());

  it('pings every open stream from one timer, and stops it when the last stream leaves', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const pings: string[] = [];
    const leaveA = joinPing(15_000, () => pings.push('a'));
    const leaveB = joinPing(15_000, () => pings.push('b'));

    expect(pingTimerCount()).toBe(1);
    vi.advanceTimersByTime(15_000);
    expect(pings).toEqual(['a', 'b']);

    leaveA();
    vi.advanceTimersByTime(15_000);
    expect(pings).toEqual(['a', 'b', 'b']);

    leaveB();
    expect(pingTimerCount()).toBe(0);
  });
});
