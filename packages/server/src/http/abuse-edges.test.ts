/**
 * The router's edges under abuse: stream caps, uncacheable answers, malformed paths.
 */
import type { ProblemDetails } from '@lipwa/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServedKit, serveKit } from '../testing/test-harness.js';

let served: ServedKit | undefined;

afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function setup(overrides: Parameters<typeof serveKit>[0] = {}) {
  served = await serveKit(overrides);
  const token = await served.session();
  const auth = { authorization: `Bearer ${token}` };
  const response = await fetch(`${served.url}/payments`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '0708374149' }),
  });
  const { payment } = (await response.json()) as { payment: { id: string } };
  return { kit: served, auth, payment, response };
}

describe('status stream caps', () => {
  it('refuses a stream past the per-session cap with 429 and Retry-After, and frees the slot when a stream closes', async () => {
    const { kit, auth, payment } = await setup({ stream: { maxPerSession: 2 } });
    const url = `${kit.url}/payments/${payment.id}/events`;
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(
      controllers.map((controller) => fetch(url, { headers: auth, signal: controller.signal })),
    );
    expect(open.map((stream) => stream.status)).toEqual([200, 200]);

    const refused = await fetch(url, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    const body = (await refused.json()) as ProblemDetails & { limit?: string };
    expect(body.code).toBe('rate_limited');
    expect(body.limit).toBe('session_streams');

    controllers[0]?.abort();
    // The server sees the close on its next turn; poll (no sleeps on a fixed timer).
    let again: Response | undefined;
    for (let tries = 0; tries < 50 && again?.status !== 200; tries++) {
      again = await fetch(url, { headers: auth });
      if (again.status !== 200) await again.text();
    }
    expect(again?.status).toBe(200);
    controllers[1]?.abort();
    await kit.close();
    served = undefined;
  });

  it('refuses past the process ceiling', async () => {
    const { kit, auth, payment } = await setup({ stream: { maxOpen: 1 } });
    const url = `${kit.url}/payments/${payment.id}/events`;
    const first = new AbortController();
    expect((await fetch(url, { headers: auth, signal: first.signal })).status).toBe(200);
    const refused = await fetch(url, { headers: auth });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as ProblemDetails;
    expect(body.detail).toMatch(/too many open/i);
    expect(body.limit).toBe('process_streams');
    first.abort();
  });

  it('refuses past the per-client cap, naming it', async () => {
    const { kit, auth, payment } = await setup({ stream: { maxPerClient: 1 } });
    const url = `${kit.url}/payments/${payment.id}/events`;
    const first = new AbortController();
    expect((await fetch(url, { headers: auth, signal: first.signal })).status).toBe(200);
    const refused = await fetch(url, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as ProblemDetails).limit).toBe('client_streams');
    first.abort();
  });
});

describe('answers that carry a token or a payment', () => {
  it('are marked Cache-Control: no-store', async () => {
    const { kit, auth, payment, response } = await setup();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const read = await fetch(`${kit.url}/payments/${payment.id}`, { headers: auth });
    expect(read.headers.get('cache-control')).toBe('no-store');
    const session = await fetch(`${kit.url}/session`, { headers: auth });
    expect(session.headers.get('cache-control')).toBe('no-store');
  });
});

describe('malformed paths', () => {
  it('answers a broken percent-encoding with 400 and logs nothing at error level', async () => {
    const { kit, auth } = await setup();
    const response = await fetch(`${kit.url}/payments/%E0%A4%A/events`, { headers: auth });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ProblemDetails).code).toBe('invalid_request');
    expect(kit.logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});

describe('per-client request limits', () => {
  it('refuses status reads from one address past the limit with 429 and Retry-After', async () => {
    const { kit, auth, payment } = await setup({ rateLimit: { maxStatusReadsPerClient: 3 } });
    const read = () => fetch(`${kit.url}/payments/${payment.id}`, { headers: auth });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await read()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await read();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      code: 'rate_limited',
      limit: 'client_status_reads',
    });
  });

  it('refuses a flood of session creations from one address', async () => {
    served = await serveKit({
      rateLimit: { maxSessionCreatesPerClient: 5 },
      resolveSession: () => ({ amount: 100, reference: 'order-1' }),
    });
    const statuses: number[] = [];
    const limits = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${served.url}/sessions`, { method: 'POST' });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        limits.add(((await response.json()) as ProblemDetails).limit);
      } else await response.text();
    }
    expect(limits).toEqual(new Set(['client_sessions']));
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(45);
  });

  it('logs a flood of refusals in aggregate: one line per limit per minute, then the count left out', async () => {
    served = await serveKit({
      rateLimit: { windowMs: 60 * 60_000, maxSessionCreatesPerClient: 5 },
      resolveSession: () => ({ amount: 100, reference: 'order-1' }),
    });
    const create = async () => (await fetch(`${served?.url}/sessions`, { method: 'POST' })).text();
    const refusalLines = () =>
      served?.logger.entries.filter((entry) => entry.message.includes('client_sessions limit')) ??
      [];
    for (let i = 0; i < 50; i++) await create();

    expect(refusalLines()).toHaveLength(1);
    expect(refusalLines()[0]?.fields).toMatchObject({ limit: 'client_sessions', method: 'POST' });

    served.clock.advance(61_000);
    await create();

    expect(refusalLines()).toHaveLength(2);
    expect(refusalLines()[1]?.fields).toMatchObject({ alsoRefusedInLastInterval: 44 });
  });
});
