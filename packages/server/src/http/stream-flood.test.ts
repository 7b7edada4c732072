/**
 * Proof under abuse (issue 8): stream exhaustion. One token asks for its payment's status stream
 * 1,000 times from one client: at most the per-session cap is open at once, every other answer
 * is a 429 problem with `Retry-After`; while they are held the process still answers a status
 * read and the provider's callback, and when the payment ends every held stream is closed and
 * its slot given back.
 *
 * Over real HTTP, behind Express `trust proxy` (the status read comes from another address,
 * since the flooding one has spent its read allowance). The window is an hour and `Date`
 * held still, so the read allowance is one window's worth on any machine.
 */
import type { ProblemDetails } from '@lipwa/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { inParallel, tally } from '../testing/test-bounded.js';
import { callbackPath, START, serveKit } from '../testing/test-harness.js';
import { defaultStreamCaps } from './stream-caps.js';

const REQUESTS = 1_000;
const ATTACKER = '203.0.113.7';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Reads a held stream to its end; resolves with everything it carried. */
async function drain(stream: Response): Promise<string> {
  return stream.body ? await new Response(stream.body).text() : '';
}

describe('1,000 status streams on one token', () => {
  it('opens at most the per-session cap, refuses the rest with 429, stays responsive, and closes them all when the payment ends', async () => {
    // One window longer than any run, so the read allowance is one window's worth.
    const served = await serveKit({ rateLimit: { windowMs: 60 * 60_000 } }, { trustProxy: true });
    try {
      const token = await served.session();
      const auth = { authorization: `Bearer ${token}`, 'x-forwarded-for': ATTACKER };
      const started = await fetch(`${served.url}/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '0708374149' }),
      });
      const { payment } = (await started.json()) as { payment: { id: string } };
      const streamUrl = `${served.url}/payments/${payment.id}/events`;

      const held: Response[] = [];
      const refusals: string[] = [];
      const retryAfters = new Set<string>();
      const statuses = await inParallel(REQUESTS, 25, async () => {
        const response = await fetch(streamUrl, { headers: auth });
        if (response.status === 200) {
          held.push(response);
        } else {
          retryAfters.add(response.headers.get('retry-after') ?? 'missing');
          // Which limit refused it: the problem's detail, its number of seconds left out.
          const problem = (await response.json()) as ProblemDetails;
          refusals.push(`${problem.code}: ${problem.detail?.replace(/\d+/g, 'N')}`);
        }
        return response.status;
      });

      // While the cap's worth is held: a status read (another address) and the callback.
      const read = await fetch(`${served.url}/payments/${payment.id}`, {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.2' },
      });
      const readStatus = read.status;
      await read.text();
      const providerRef = (await served.store.get(payment.id))?.providerRef ?? '';
      const { token: callbackToken } = callbackPath(served.adapter.lastCallbackUrl());
      const callback = await fetch(`${served.url}/callbacks/daraja/${callbackToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: darajaSuccess(providerRef, 1500),
      });
      await callback.text();

      // The payment is final: every held stream carries it and ends.
      const carried = await Promise.all(held.map(drain));
      // Slots are given back: the cap's worth opens again (each ends at once, the payment final).
      const reopened = await Promise.all(
        Array.from({ length: defaultStreamCaps.maxPerSession }, async () => {
          const again = await fetch(streamUrl, {
            headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.3' },
          });
          await again.text();
          return again.status;
        }),
      );

      const counts = tally(statuses);
      console.log(
        `stream-flood: ${REQUESTS} stream requests on one token: ${counts[200] ?? 0} opened (cap ${defaultStreamCaps.maxPerSession} per session), ${counts[429] ?? 0} refused 429 ${JSON.stringify(tally(refusals))} (Retry-After ${[...retryAfters].join('/')} s); while held: status read ${readStatus}, callback ${callback.status}; after the payment ended ${carried.filter((text) => text.includes('"completed"')).length}/${held.length} held streams closed with the final status, reopened ${JSON.stringify(tally(reopened))}`,
      );
      expect(counts).toEqual({
        200: defaultStreamCaps.maxPerSession,
        429: REQUESTS - defaultStreamCaps.maxPerSession,
      });
      expect(refusals.every((refusal) => refusal.startsWith('rate_limited:'))).toBe(true);
      expect([...retryAfters].every((value) => Number(value) >= 1)).toBe(true);
      expect(readStatus).toBe(200);
      expect(callback.status).toBe(200);
      expect(carried.every((text) => text.includes('"completed"'))).toBe(true);
      expect(reopened).toEqual(Array(defaultStreamCaps.maxPerSession).fill(200));
      expect(served.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    } finally {
      await served.close();
    }
  }, 120_000);
});
