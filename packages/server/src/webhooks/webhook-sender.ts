/**
 * Sends the outbox. Each pass leases due deliveries (so instances sharing a store never send one
 * at the same time), signs and posts each, and settles it: 2xx delivered; 410 failed and the
 * endpoint disabled; anything else retried on the schedule (`retry-schedule.ts`), and failed with
 * the endpoint disabled once the window is spent. It runs on its own timer, apart from the
 * payment path: a slow or dead merchant endpoint never delays a payment.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { nextAttemptAt, parseRetryAfter } from './retry-schedule.js';
import type { DeliveryPatch, WebhookDelivery, WebhookOutbox } from './webhook-delivery.js';
import type { WebhookEndpoint, WebhooksConfig } from './webhook-options.js';
import { postWebhook } from './webhook-post.js';
import { signDelivery } from './webhook-signer.js';

export interface WebhookSenderDeps {
  readonly outbox: WebhookOutbox;
  readonly config: WebhooksConfig;
  readonly clock: { now(): number };
  readonly logger: Logger;
  /** Names this instance's leases; default a random id. */
  readonly owner?: string;
}

export interface WebhookSender {
  /** One pass: lease, send and settle every due delivery (a batch at a time). Returns how many. */
  runOnce(): Promise<number>;
  /** Starts the poll timer (unref'd). */
  start(): void;
  /** Asks for a pass soon, e.g. right after a status change wrote deliveries. Never blocks. */
  kick(): void;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Endpoints disabled by this instance (410, or retries spent). */
  disabledEndpoints(): ReadonlySet<string>;
}

// A factory closure over the sender's timer and lease state; longer than ~60 lines only because
// it holds the named steps of one pass (claim, send, record, schedule), each short.
export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const { outbox, config, clock, logger } = deps;
  const owner = deps.owner ?? `sender_${randomUUID()}`;
  const endpoints = new Map(config.endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const disabled = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  function settle(delivery: WebhookDelivery, patch: DeliveryPatch) {
    return outbox.updateDelivery(
      delivery.id,
      { ...patch, leaseOwner: undefined, leaseUntil: undefined },
      owner,
    );
  }

  function giveUp(delivery: WebhookDelivery, endpointId: string, why: string, now: number) {
    if (!disabled.has(endpointId)) {
      disabled.add(endpointId);
      logger.error({ endpointId, why }, 'Webhook endpoint disabled');
    }
    return settle(delivery, {
      status: 'failed',
      attempts: delivery.attempts + (why === 'endpoint disabled' ? 0 : 1),
      lastAttemptAt: now,
      lastError: why,
    });
  }

  async function send(delivery: WebhookDelivery, endpoint: WebhookEndpoint): Promise<void> {
    const sentAt = clock.now();
    const headers = signDelivery(endpoint.secrets, delivery.id, new Date(sentAt), delivery.payload);
    const outcome = await postWebhook(
      config.fetch,
      endpoint.url,
      { ...headers },
      delivery.payload,
      config.timeoutMs,
    );
    const now = clock.now();
    if (outcome.kind === 'delivered') {
      await settle(delivery, {
        status: 'delivered',
        attempts: delivery.attempts + 1,
        lastAttemptAt: now,
        lastError: undefined,
        deliveredAt: now,
      });
      return;
    }
    if (outcome.kind === 'gone') {
      await giveUp(delivery, endpoint.id, 'HTTP 410 Gone', now);
      return;
    }
    const attempts = delivery.attempts + 1;
    const retryAfterMs = parseRetryAfter(outcome.retryAfter ?? null, now);
    const next = nextAttemptAt(delivery.createdAt, now, attempts, config, retryAfterMs);
    if (next === undefined) {
      await giveUp(delivery, endpoint.id, `${outcome.error}; retries spent`, now);
      return;
    }
    logger.warn(
      {
        deliveryId: delivery.id,
        endpointId: endpoint.id,
        error: outcome.error,
        attempts,
        retryInMs: next - now,
      },
      'Webhook delivery failed; will retry',
    );
    await settle(delivery, {
      attempts,
      lastAttemptAt: now,
      lastError: outcome.error,
      nextAttemptAt: next,
    });
  }

  async function handle(delivery: WebhookDelivery): Promise<void> {
    const endpoint = endpoints.get(delivery.endpointId);
    const now = clock.now();
    if (!endpoint) {
      await settle(delivery, { status: 'failed', lastError: 'endpoint no longer configured' });
      return;
    }
    if (disabled.has(endpoint.id)) {
      await giveUp(delivery, endpoint.id, 'endpoint disabled', now);
      return;
    }
    await send(delivery, endpoint);
  }

  async function pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const leased = await outbox.leaseDeliveries({
        now: clock.now(),
        limit: config.batchSize,
        leaseMs: config.leaseMs,
        owner,
      });
      if (leased.length === 0) return total;
      await Promise.all(
        leased.map((delivery) =>
          handle(delivery).catch((error: unknown) =>
            logger.error(
              {
                deliveryId: delivery.id,
                error,
              },
              'Webhook delivery pass failed; the lease will expire and retry',
            ),
          ),
        ),
      );
      total += leased.length;
      // A short batch means nothing else was due; stopping here also keeps a delivery whose
      // jittered retry is a few ms away from being tried again within the same pass.
      if (leased.length < config.batchSize) return total;
    }
  }

  async function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = undefined;
    });
    const count = await running;
    if (again) {
      again = false;
      return count + (await runOnce());
    }
    return count;
  }

  function tick(): void {
    runOnce().catch((error: unknown) => logger.error({ error }, 'Webhook sender pass failed'));
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(tick, config.pollIntervalMs);
      timer.unref();
    },
    kick() {
      if (timer) setImmediate(tick);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    disabledEndpoints: () => disabled,
  };
}
