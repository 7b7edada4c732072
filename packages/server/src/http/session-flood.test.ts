/**
 * Proof under abuse (issue 8): a session flood. One client asks `POST /sessions` 10,000 times:
 * only the configured per-client allowance is created, every other answer is a 429 problem with
 * `Retry-After` and the stable code `rate_limited`, the heap retained afterwards does not grow
 * with the refused requests, and a second client is still served.
 *
 * Over real HTTP, behind Express `trust proxy` (clients told apart by `X-Forwarded-For`, as
 * behind the merchant's proxy). The window is set to an hour and `Date` held still, so the
 * flood falls in one window on any machine: the figure is the configured maximum, not window
 * arithmetic.
 */
import type { ProblemDetails } from '@lipwa/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inParallel, plainClient, retainedHeap, tally } from '../testing/test-bounded.js';
import { START, serveKit } from '../testing/test-harness.js';

const FLOOD = 10_000;
const ALLOWANCE = 20; // the documented default of maxSessionCreatesPerClient, set explicitly
const MB = 1024 * 1024;
const HOUR = 60 * 60_000;
/** Generous: 10,000 retained requests of even 1 KB each would be 10 MB. */
const HEAP_GROWTH_BOUND = 8 * MB;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a session flood from one client', () => {
  it('creates only the allowance, refuses the rest with 429 + Retry-After, keeps the heap bounded, and still serves a second client', async () => {
    const http = plainClient();
    const served = await serveKit(
      {
        // One window longer than any run: the figure is the configured maximum, not windows.
        rateLimit: { maxSessionCreatesPerClient: ALLOWANCE, windowMs: HOUR },
        resolveSession: () => ({ amount: 150000, currency: 'KES', reference: 'ORDER-1' }),
      },
      { trustProxy: true },
    );
    try {
      const create = (client: string) =>
        http.request(`${served.url}/sessions`, {
          method: 'POST',
          headers: { 'x-forwarded-for': client },
        });
      // Warm the router and the allocator up before the first heap reading (another address).
      for (let i = 0; i < 5; i++) await create('198.51.100.1');
      const heapBefore = retainedHeap();

      const retryAfters = new Set<string>();
      const codes: string[] = [];
      const statuses = await inParallel(FLOOD, 16, async () => {
        const response = await create('203.0.113.7');
        if (response.status === 429) {
          retryAfters.add(String(response.headers['retry-after'] ?? 'missing'));
          codes.push((JSON.parse(response.body) as ProblemDetails).code);
        }
        return response.status;
      });
      const heapGrowth = retainedHeap() - heapBefore;
      const second = await create('203.0.113.8');
      const secondBody = JSON.parse(second.body) as { token?: string };

      const counts = tally(statuses);
      console.log(
        `session-flood: ${FLOOD} creations from one client: ${counts[201] ?? 0} created (allowance ${ALLOWANCE}), ${counts[429] ?? 0} refused 429 (codes ${JSON.stringify(tally(codes))}, Retry-After ${[...retryAfters].join('/')} s), other ${FLOOD - (counts[201] ?? 0) - (counts[429] ?? 0)}; retained heap growth ${(heapGrowth / MB).toFixed(2)} MB; second client ${second.status}`,
      );
      expect(counts).toEqual({ 201: ALLOWANCE, 429: FLOOD - ALLOWANCE });
      expect(tally(codes)).toEqual({ rate_limited: FLOOD - ALLOWANCE });
      expect([...retryAfters].every((value) => Number(value) >= 1)).toBe(true);
      expect(heapGrowth).toBeLessThan(HEAP_GROWTH_BOUND);
      expect(second.status).toBe(201);
      expect(secondBody.token).toEqual(expect.any(String));
    } finally {
      http.close();
      await served.close();
    }
  }, 120_000);
});
