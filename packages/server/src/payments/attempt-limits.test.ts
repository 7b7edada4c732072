import { type LipwaError, parseMsisdn } from '@lipwa/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLimitStore } from '../limits/memory-limit-store.js';
import { createAttemptLimits } from './attempt-limits.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function toMsisdn(typed: string): string {
  const parsed = parseMsisdn(typed);
  if (!parsed.ok) throw new Error(`not a phone: ${typed}`);
  return parsed.msisdn;
}

// rate-limiter-flexible reads Date.now(), so the injected clock is vitest's faked Date.
const clock = { now: () => Date.now() };

function limits() {
  return createAttemptLimits(
    {
      windowMs: MINUTE,
      maxPerSession: 100,
      maxPerPhone: 5,
      maxPerClient: 100,
      phoneWindows: [
        { max: 3, windowMs: 10 * MINUTE },
        { max: 10, windowMs: DAY },
      ],
      store: createMemoryLimitStore(),
    },
    clock,
  );
}

async function refusal(promise: Promise<void>): Promise<LipwaError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as LipwaError;
  }
}

describe('attempt limits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => vi.useRealTimers());

  it('lets 3 prompts per 10 minutes reach one phone, whichever reference asks', async () => {
    const limit = limits();
    for (let i = 0; i < 3; i++) {
      await limit.checkPrompt(`s${i}`, '254712345678');
    }
    const error = await refusal(limit.checkPrompt('s9', '254712345678'));
    expect(error?.code).toBe('rate_limited');
    // The prompts' tenth of the window counts until its end is 10 minutes old: 11 minutes.
    expect(error?.details).toMatchObject({ limit: 'phone_window', retryAfter: 660 });
  });

  it('counts the number whatever form it was typed in (the starter normalises it first)', async () => {
    const limit = limits();
    for (const typed of ['0712345678', '+254 712 345 678', '254712345678']) {
      await limit.checkPrompt(typed, toMsisdn(typed));
    }
    expect((await refusal(limit.checkPrompt('x', toMsisdn('712345678'))))?.code).toBe(
      'rate_limited',
    );
  });

  it('caps a phone at 10 a day even when every 10-minute window is respected', async () => {
    const limit = limits();
    let reached = 0;
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const error = await refusal(limit.checkPrompt(`s${minute}`, '254712345678'));
      if (!error) reached += 1;
      vi.setSystemTime(Date.now() + MINUTE);
    }
    expect(reached).toBe(10);
  });

  it('counts racing requests for one reference as one prompt', async () => {
    const limit = limits();
    await Promise.all([1, 2, 3, 4, 5].map(() => limit.checkPrompt('order-1', '254712345678')));
    await limit.checkPrompt('order-2', '254712345678');
    await limit.checkPrompt('order-3', '254712345678');
    expect((await refusal(limit.checkPrompt('order-4', '254712345678')))?.code).toBe(
      'rate_limited',
    );
  });

  it('opens again once the prompts have slid out of the window, as Retry-After said', async () => {
    const limit = limits();
    for (let i = 0; i < 3; i++) await limit.checkPrompt(`s${i}`, '254712345678');
    vi.setSystemTime(Date.now() + 5 * MINUTE);
    const error = await refusal(limit.checkPrompt('early', '254712345678'));
    expect(error?.details).toMatchObject({ limit: 'phone_window', retryAfter: 6 * 60 });
    vi.setSystemTime(Date.now() + 6 * MINUTE - 1);
    expect((await refusal(limit.checkPrompt('still-early', '254712345678')))?.code).toBe(
      'rate_limited',
    );
    vi.setSystemTime(Date.now() + 1);
    await expect(limit.checkPrompt('next', '254712345678')).resolves.toBeUndefined();
  });

  it('names the day cap phone_day', async () => {
    const limit = limits();
    let error: LipwaError | undefined;
    for (let hour = 0; hour < 24 && !error; hour += 1) {
      error = await refusal(limit.checkPrompt(`s${hour}`, '254712345678'));
      vi.setSystemTime(Date.now() + 60 * MINUTE);
    }
    expect(error?.details).toMatchObject({ limit: 'phone_day' });
  });

  it('limits one client address across sessions', async () => {
    const limit = createAttemptLimits(
      {
        windowMs: MINUTE,
        maxPerSession: 100,
        maxPerPhone: 100,
        maxPerClient: 2,
        phoneWindows: [],
        store: createMemoryLimitStore(),
      },
      clock,
    );
    await limit.checkRequest({ session: 'a', client: '10.1.1.1' });
    await limit.checkRequest({ session: 'b', client: '10.1.1.1' });
    const error = await refusal(limit.checkRequest({ session: 'c', client: '10.1.1.1' }));
    expect(error?.details).toMatchObject({ limit: 'client_attempts', retryAfter: 66 });
  });
});
