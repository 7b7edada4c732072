import { fakeClock } from '@lipwa/core/testing';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { retryCeiling } from './retry-schedule.js';
import { NEXT_SECRET, SECRET, webhookWorld } from './test-webhook-world.js';

const HOUR = 60 * 60 * 1000;
const ok = () => new Response('ok', { status: 200 });
const serverError = () => new Response('down', { status: 500 });

describe('signing merchant webhooks with Standard Webhooks', () => {
  it('sends each delivery signed so that the standardwebhooks library verifies it', async () => {
    // The library checks the timestamp against the real time, so this world starts now.
    const world = webhookWorld(ok, {}, fakeClock(Date.now()));
    const [delivery] = await world.complete();

    await world.sender.runOnce();

    const [request] = world.received;
    expect(request?.headers['webhook-id']).toBe(delivery?.id);
    const verified = new Webhook(SECRET).verify(request?.body ?? '', request?.headers ?? {});
    expect(verified).toMatchObject({
      type: 'payment.completed',
      data: { status: 'completed', payment: { status: 'completed' } },
    });
  });

  it('signs with both secrets during a rotation, so a receiver holding either one verifies', async () => {
    const world = webhookWorld(
      ok,
      {
        endpoints: [
          {
            id: 'orders',
            url: 'https://shop.example/webhooks',
            secrets: [NEXT_SECRET, SECRET],
            events: ['payment.completed'],
          },
        ],
      },
      fakeClock(Date.now()),
    );
    await world.complete();

    await world.sender.runOnce();

    const [request] = world.received;
    expect(request?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [SECRET, NEXT_SECRET]) {
      expect(() =>
        new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {}),
      ).not.toThrow();
    }
    expect(() =>
      new Webhook('whsec_b3RoZXItc2VjcmV0LW5vdC1jb25maWd1cmVk').verify(
        request?.body ?? '',
        request?.headers ?? {},
      ),
    ).toThrow();
  });
});

describe('retrying deliveries', () => {
  it('delivers exactly once after the endpoint answers 500 for 48 simulated hours, on the schedule', async () => {
    const world = webhookWorld((request) =>
      request.at - start < 48 * HOUR ? serverError() : ok(),
    );
    const start = world.clock.now();
    const [delivery] = await world.complete();

    await world.runUntilSettled();

    const times = world.received.map((request) => request.at - start);
    const successes = world.received.filter((request) => request.at - start >= 48 * HOUR);
    // random() is 0.5, so each gap is half the ceiling: 2.5 s, 5 s, 10 s, … capped at 3 h.
    const expectedGaps = times.slice(1).map((_, i) =>
      Math.floor(
        0.5 *
          retryCeiling(i + 1, {
            firstRetryDelayMs: 5_000,
            maxRetryDelayMs: 6 * HOUR,
            retryWindowMs: 72 * HOUR,
            random: () => 0.5,
          }),
      ),
    );
    expect(times.slice(1).map((time, i) => time - (times[i] ?? 0))).toEqual(expectedGaps);
    expect(successes).toHaveLength(1);
    expect(world.received.every((request) => request.headers['webhook-id'] === delivery?.id)).toBe(
      true,
    );
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({
      status: 'delivered',
      attempts: world.received.length,
    });
    console.log(
      `500 for 48 h then 200: ${world.received.length} attempts, ${successes.length} delivered, last at ${(times.at(-1) ?? 0) / HOUR} h`,
    );
    expect(await world.sender.runOnce()).toBe(0);
  });

  it('waits at least as long as Retry-After says', async () => {
    const world = webhookWorld((_, index) =>
      index === 0
        ? new Response('slow down', { status: 429, headers: { 'retry-after': '120' } })
        : ok(),
    );
    await world.complete();

    await world.runUntilSettled();

    expect(world.received.map((request) => request.at - (world.received[0]?.at ?? 0))).toEqual([
      0, 120_000,
    ]);
  });

  it('fails the delivery and disables the endpoint once 72 hours of retries are spent', async () => {
    const world = webhookWorld(serverError);
    const start = world.clock.now();
    const [delivery] = await world.complete();

    await world.runUntilSettled(200 * HOUR);

    expect((world.received.at(-1)?.at ?? 0) - start).toBe(72 * HOUR);
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({ status: 'failed' });
    expect(world.sender.disabledEndpoints()).toEqual(new Set(['orders']));
  });

  it('stops at 410 Gone: the delivery fails, the endpoint is disabled and gets nothing more', async () => {
    const world = webhookWorld(() => new Response(null, { status: 410 }));
    const [first] = await world.complete();
    await world.runUntilSettled();
    const [second] = await world.complete();

    await world.runUntilSettled();

    expect(world.received).toHaveLength(1);
    expect(await world.store.getDelivery(first?.id ?? '')).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 410 Gone',
    });
    expect(await world.store.getDelivery(second?.id ?? '')).toMatchObject({
      status: 'failed',
      lastError: 'endpoint disabled',
    });
  });
});

describe('endpoints that misbehave', () => {
  it('treats a redirect as a failure and never follows it', async () => {
    const world = webhookWorld((_, index) =>
      index === 0
        ? new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })
        : ok(),
    );
    const [delivery] = await world.complete();

    await world.sender.runOnce();

    expect(world.received[0]?.redirect).toBe('manual');
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({
      status: 'pending',
      lastError: 'redirect 302',
    });
  });

  it('cuts off an endpoint that hangs at the timeout and retries it later', async () => {
    const world = webhookWorld(
      (_, index) => (index === 0 ? new Promise<Response>(() => undefined) : ok()),
      { timeoutMs: 1 },
    );
    const [delivery] = await world.complete();

    await world.runUntilSettled();

    expect(world.received).toHaveLength(2);
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('reads no more than a small part of a huge response body', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const world = webhookWorld(() => new Response(endless, { status: 200 }));
    const [delivery] = await world.complete();

    await world.sender.runOnce();

    expect(pulled).toBeLessThan(64 * 1024);
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({
      status: 'delivered',
    });
  });

  it('takes over a delivery whose sender died mid-send once its lease expires, and sends it once', async () => {
    const world = webhookWorld(ok, { leaseMs: 30_000 });
    const [delivery] = await world.complete();
    // Another instance leased it and was killed before settling.
    await world.store.leaseDeliveries({
      now: world.clock.now(),
      limit: 10,
      leaseMs: 30_000,
      owner: 'dead',
    });

    const whileHeld = await world.sender.runOnce();
    world.clock.advance(30_000);
    const afterExpiry = await world.sender.runOnce();

    expect([whileHeld, afterExpiry]).toEqual([0, 1]);
    expect(world.received).toHaveLength(1);
    expect(await world.store.getDelivery(delivery?.id ?? '')).toMatchObject({
      status: 'delivered',
    });
  });
});

describe('verifyWebhook, for the receiving side', () => {
  it('accepts what the sender sent and refuses a body changed after signing', async () => {
    const { verifyWebhook } = await import('./verify-webhook.js');
    const world = webhookWorld(ok, {}, fakeClock(Date.now()));
    await world.complete();
    await world.sender.runOnce();
    const [request] = world.received;

    const event = verifyWebhook([NEXT_SECRET, SECRET], request?.body ?? '', request?.headers ?? {});

    expect(event.type).toBe('payment.completed');
    expect(() =>
      verifyWebhook(
        SECRET,
        (request?.body ?? '').replace('completed', 'failed'),
        request?.headers ?? {},
      ),
    ).toThrow(expect.objectContaining({ code: 'invalid_signature' }));
  });
});
