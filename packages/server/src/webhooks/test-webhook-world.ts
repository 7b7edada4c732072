/**
 * Test-only: an outbox (memory store) with deliveries written as the kit writes them, a merchant
 * endpoint played by a scripted `fetch`, and a sender on a fake clock. `runUntilSettled` jumps
 * the clock from one due time to the next, so days of retries run in milliseconds.
 */
import { type FakeClock, fakeClock, recordingLogger } from '@lipwa/core/testing';
import { createMemoryStore } from '../stores/memory-store.js';
import { paymentRecord } from '../testing/records.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import { deliveryPlanner } from './webhook-events.js';
import { parseWebhooksOptions, type WebhooksOptions } from './webhook-options.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const NEXT_SECRET = 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=';

export interface ReceivedRequest {
  readonly at: number;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly redirect: RequestInit['redirect'];
}

/** What the endpoint answers, given the request and how many came before it. */
export type Answer = (request: ReceivedRequest, index: number) => Response | Promise<Response>;

export interface WebhookWorld {
  readonly clock: FakeClock;
  readonly store: ReturnType<typeof createMemoryStore>;
  readonly sender: WebhookSender;
  readonly received: ReceivedRequest[];
  readonly logger: ReturnType<typeof recordingLogger>;
  /** Completes a fresh payment, writing its deliveries with the update; returns them. */
  complete(): Promise<WebhookDelivery[]>;
  /** Runs passes, jumping to each next due time, until nothing is pending or `maxMs` passed. */
  runUntilSettled(maxMs?: number): Promise<void>;
}

export function webhookWorld(
  answer: Answer,
  options: Partial<WebhooksOptions> = {},
  clock: FakeClock = fakeClock(),
): WebhookWorld {
  const store = createMemoryStore();
  const logger = recordingLogger();
  const received: ReceivedRequest[] = [];
  const fetchFn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const request: ReceivedRequest = {
      at: clock.now(),
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: String(init?.body),
      redirect: init?.redirect,
    };
    received.push(request);
    return answer(request, received.length - 1);
  }) as typeof fetch;
  const config = parseWebhooksOptions({
    endpoints: [
      {
        id: 'orders',
        url: 'https://shop.example/webhooks',
        secrets: [SECRET],
        events: ['payment.completed'],
      },
    ],
    fetch: fetchFn,
    random: () => 0.5,
    ...options,
  });
  const sender = createWebhookSender({ outbox: store, config, clock, logger, owner: 'test' });
  const plan = deliveryPlanner(config.endpoints, clock);

  return {
    clock,
    store,
    sender,
    received,
    logger,
    async complete() {
      const record = paymentRecord({ createdAt: clock.now(), updatedAt: clock.now() });
      await store.createAttempt(record);
      const after = { ...record, status: 'completed' as const, version: 2 };
      const outbox = plan('payment.completed', after);
      await store.update(record.id, 1, { status: 'completed' }, outbox);
      return outbox;
    },
    async runUntilSettled(maxMs = 100 * 60 * 60 * 1000) {
      const end = clock.now() + maxMs;
      for (;;) {
        await sender.runOnce();
        const pending = await store.listDeliveries({ status: 'pending', limit: 1000 });
        if (pending.length === 0) return;
        const next = Math.min(...pending.map((delivery) => delivery.nextAttemptAt));
        if (next > end) return;
        clock.set(Math.max(next, clock.now()));
      }
    },
  };
}
