/** Cashfin faults from the simulator's control API, and Cashfin's rate limits. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createKit } from '../kit.js';
import { parseOptions } from '../options.js';
import { cashfinRouter, MOBILE_PAYMENT_PATH } from './cashfin-router.js';
import { cashfinSandbox } from './sandbox.js';
import { events, fx, startFixtureForEachTest } from './test-cashfin-router-setup.js';

startFixtureForEachTest();

describe('Cashfin faults', () => {
  it('answers a queued 429 with retry_after in the body and Retry-After', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'http',
      status: 429,
    });

    const response = await fx.request(fx.body());

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await response.json()).toEqual({
      success: false,
      error: 'Rate limit exceeded. Please try again later.',
      retry_after: 30,
    });
  });

  it('answers a queued 500 in the error envelope, then recovers', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'http',
      status: 500,
    });

    const failed = await fx.request(fx.body());
    const next = await fx.request(fx.body());

    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ success: false, error: 'Internal server error' });
    expect(next.status).toBe(200);
  });

  it('never answers a hung request and opens no prompt', async () => {
    fx.simulator.control.fault({ provider: 'cashfin', operation: 'stkpush', kind: 'hang' });

    const outcome = await fetch(`${fx.simulator.cashfin.baseUrl}${MOBILE_PAYMENT_PATH}`, {
      method: 'POST',
      headers: { authorization: cashfinSandbox.clientSecret, 'content-type': 'application/json' },
      body: JSON.stringify(fx.body()),
      signal: AbortSignal.timeout(100),
    }).catch((error: unknown) => error);

    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('answers a delayed request once simulated time has passed', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'stkpush',
      kind: 'delay',
      delayMs: 5_000,
    });

    const pending = fx.request(fx.body({ phone: '254708374149' }));
    // The fault is used up once the request reaches the simulator; only then can time move on.
    while (fx.simulator.control.faults().length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await fx.settle(5_000);

    expect((await pending).status).toBe(200);
  });

  it('delays, drops or duplicates webhooks with callback faults for cashfin', async () => {
    fx.simulator.control.fault({
      provider: 'cashfin',
      operation: 'callback',
      kind: 'delay',
      delayMs: 120_000,
    });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);
    await fx.settle(120_000);
    expect(events().map((event) => event.type)).toEqual(['payment.completed']);

    fx.simulator.control.fault({ provider: 'cashfin', operation: 'callback', kind: 'drop' });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(1);

    fx.simulator.control.fault({ provider: 'cashfin', operation: 'callback', kind: 'duplicate' });
    await fx.accepted();
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(3);
  });

  it('ignores faults queued for Daraja', async () => {
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'http', status: 500 });

    const response = await fx.request(fx.body());

    expect(response.status).toBe(200);
  });
});

describe('Cashfin rate limits', () => {
  it('refuses requests over the window with 429 until the window resets', async () => {
    const kit = createKit(parseOptions({}));
    const app = express().use(
      '/cashfin',
      cashfinRouter(kit, { rateWindows: [{ windowMs: 60_000, limit: 2 }] }),
    );
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cashfin${MOBILE_PAYMENT_PATH}`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: cashfinSandbox.clientSecret, 'content-type': 'application/json' },
        body: JSON.stringify(fx.body({ phone: '254708374149' })),
      });
    try {
      const statuses = [(await post()).status, (await post()).status];
      const refused = await post();
      kit.scheduler.advance(60_000);
      const afterReset = await post();

      expect(statuses).toEqual([200, 200]);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        success: false,
        error: 'Rate limit exceeded. Please try again later.',
        retry_after: retryAfter,
      });
      expect(afterReset.status).toBe(200);
    } finally {
      kit.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});
