/**
 * The outbox in memory, shared by the memory store and the file store's index: deliveries by id
 * in insertion order, with the lease rule of `WebhookOutbox`.
 */
import {
  applyDeliveryPatch,
  type DeliveryListQuery,
  type DeliveryPatch,
  dueDeliveries,
  type LeaseQuery,
  listNewestFirst,
  type WebhookDelivery,
} from './webhook-delivery.js';

export class DeliveryMap {
  readonly #deliveries = new Map<string, WebhookDelivery>();

  put(delivery: WebhookDelivery): void {
    this.#deliveries.set(delivery.id, Object.freeze({ ...delivery }));
  }

  get(id: string): WebhookDelivery | undefined {
    return this.#deliveries.get(id);
  }

  /** The leased copies, not yet stored: the caller stores them (the file store journals first). */
  planLease(query: LeaseQuery): WebhookDelivery[] {
    return dueDeliveries(this.#deliveries.values(), query.now, query.limit).map((delivery) =>
      applyDeliveryPatch(delivery, {
        leaseOwner: query.owner,
        leaseUntil: query.now + query.leaseMs,
      }),
    );
  }

  /** The patched copy, or `undefined` when unknown or the lease is not `owner`'s. */
  planUpdate(id: string, patch: DeliveryPatch, owner?: string): WebhookDelivery | undefined {
    const current = this.#deliveries.get(id);
    if (!current) return undefined;
    if (owner !== undefined && current.leaseOwner !== owner) return undefined;
    return applyDeliveryPatch(current, patch);
  }

  list(query: DeliveryListQuery): WebhookDelivery[] {
    return listNewestFirst(this.#deliveries.values(), query);
  }

  values(): IterableIterator<WebhookDelivery> {
    return this.#deliveries.values();
  }
}
