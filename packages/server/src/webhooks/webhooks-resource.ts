/**
 * `lipwa.webhooks`: what the merchant (and the CLI) sees of the outbox: list deliveries by
 * status, and replay one (sent again as soon as a sender runs, with the same `webhook-id`, so a
 * receiver that already has it can tell).
 */
import { LipwaError, ValidationError } from '@lipwa/core';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookOutbox,
} from './webhook-delivery.js';

export interface WebhookListParams {
  readonly status?: DeliveryStatus | undefined;
  /** At most this many, newest first (1-1000, default 100). */
  readonly limit?: number | undefined;
}

/** A delivery as the merchant sees it: everything but the lease bookkeeping. */
export type WebhookDeliveryView = Omit<WebhookDelivery, 'leaseOwner' | 'leaseUntil'>;

export interface LipwaWebhooks {
  list(params?: WebhookListParams): Promise<WebhookDeliveryView[]>;
  /** Queues the delivery to be sent again now; throws `LipwaError` when the id is unknown. */
  replay(id: string): Promise<WebhookDeliveryView>;
}

function toView(delivery: WebhookDelivery): WebhookDeliveryView {
  const { leaseOwner: _owner, leaseUntil: _until, ...view } = delivery;
  return view;
}

export function webhooksResource(
  outbox: WebhookOutbox,
  clock: { now(): number },
  onReplay: () => void = () => undefined,
): LipwaWebhooks {
  return {
    async list(params = {}) {
      const { status, limit = 100 } = params;
      if (status !== undefined && !DELIVERY_STATUSES.includes(status)) {
        throw new ValidationError(
          'invalid_request',
          `webhooks.list: status must be one of ${DELIVERY_STATUSES.join(', ')}, got ${String(status)}.`,
        );
      }
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new ValidationError(
          'invalid_request',
          `webhooks.list: limit must be a whole number from 1 to 1000, got ${String(limit)}.`,
        );
      }
      return (await outbox.listDeliveries({ status, limit })).map(toView);
    },
    async replay(id) {
      // Taking the lease away is deliberate: an operator's replay wins over a stuck sender.
      const replayed = await outbox.updateDelivery(id, {
        status: 'pending',
        nextAttemptAt: clock.now(),
        leaseOwner: undefined,
        leaseUntil: undefined,
        deliveredAt: undefined,
      });
      if (!replayed) {
        throw new LipwaError('not_found', `No webhook delivery with id ${String(id)}.`);
      }
      onReplay();
      return toView(replayed);
    },
  };
}
