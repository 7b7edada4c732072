/**
 * One row of the webhook outbox: one event for one merchant endpoint. It is written in the same
 * store write as the status change that caused it, so news of a payment can never be lost
 * between the change and its delivery; the sender then leases, sends and settles it.
 */

export const WEBHOOK_EVENT_TYPES = [
  'payment.completed',
  'payment.failed',
  'payment.cancelled',
  'payment.expired',
  'payment.reversed',
  'payment.review',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** `pending` until a 2xx (`delivered`) or until it gives up (`failed`: 410 or retries spent). */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  /** `msg_…`: the Standard Webhooks `webhook-id`, the same on every retry (receivers dedupe on it). */
  readonly id: string;
  readonly endpointId: string;
  readonly eventType: WebhookEventType;
  readonly paymentId: string;
  /** The exact JSON body that is signed and sent. */
  readonly payload: string;
  readonly status: DeliveryStatus;
  /** Sends tried so far. */
  readonly attempts: number;
  readonly createdAt: number;
  /** Not sent before this (epoch ms). */
  readonly nextAttemptAt: number;
  /** The sender instance holding the lease, until `leaseUntil`; a lease past it is free again. */
  readonly leaseOwner?: string | undefined;
  readonly leaseUntil?: number | undefined;
  readonly lastAttemptAt?: number | undefined;
  /** What the last attempt got: `HTTP 500`, `timeout`, `redirect 302`, … (never a secret). */
  readonly lastError?: string | undefined;
  readonly deliveredAt?: number | undefined;
}

/** Fields the sender or a replay may change; `undefined` clears a field. */
export type DeliveryPatch = Partial<
  Pick<
    WebhookDelivery,
    | 'status'
    | 'attempts'
    | 'nextAttemptAt'
    | 'leaseOwner'
    | 'leaseUntil'
    | 'lastAttemptAt'
    | 'lastError'
    | 'deliveredAt'
  >
>;

export function applyDeliveryPatch(
  current: WebhookDelivery,
  patch: DeliveryPatch,
): WebhookDelivery {
  const merged: Record<string, unknown> = { ...current, ...patch, id: current.id };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[key];
  }
  return Object.freeze(merged) as unknown as WebhookDelivery;
}

export interface LeaseQuery {
  /** Epoch ms by the sender's clock. */
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  readonly owner: string;
}

export interface DeliveryListQuery {
  readonly status?: DeliveryStatus | undefined;
  /** At most this many, newest first. */
  readonly limit: number;
}

/**
 * The outbox half of a store. Stores that have it take deliveries as the fourth argument of
 * `update` and write them atomically with the compare-and-set (nothing written on a conflict).
 */
export interface WebhookOutbox {
  /**
   * Claims up to `limit` pending deliveries due at `now` whose lease is free or expired, for
   * `leaseMs`; oldest due first. Concurrent callers, on any number of instances, never get the
   * same delivery while its lease runs.
   */
  leaseDeliveries(query: LeaseQuery): Promise<WebhookDelivery[]>;
  /**
   * Applies `patch`; when `owner` is given only while that owner still holds the lease (so a
   * sender whose lease expired and was taken over cannot overwrite the new holder's result).
   */
  updateDelivery(
    id: string,
    patch: DeliveryPatch,
    owner?: string,
  ): Promise<WebhookDelivery | undefined>;
  getDelivery(id: string): Promise<WebhookDelivery | undefined>;
  /** Newest first. */
  listDeliveries(query: DeliveryListQuery): Promise<WebhookDelivery[]>;
}

export function hasOutbox(store: object): store is WebhookOutbox {
  const candidate = store as Partial<WebhookOutbox>;
  return (
    typeof candidate.leaseDeliveries === 'function' &&
    typeof candidate.updateDelivery === 'function' &&
    typeof candidate.getDelivery === 'function' &&
    typeof candidate.listDeliveries === 'function'
  );
}

/** Whether `delivery` can be leased at `now`. */
export function isDue(delivery: WebhookDelivery, now: number): boolean {
  return (
    delivery.status === 'pending' &&
    delivery.nextAttemptAt <= now &&
    (delivery.leaseUntil === undefined || delivery.leaseUntil <= now)
  );
}

/** Shared by the memory and file stores: the due deliveries, oldest due first, up to `limit`. */
export function dueDeliveries(
  all: Iterable<WebhookDelivery>,
  now: number,
  limit: number,
): WebhookDelivery[] {
  return [...all]
    .filter((delivery) => isDue(delivery, now))
    .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt)
    .slice(0, Math.max(0, Math.floor(limit)));
}

/** Shared by the memory and file stores: newest first, filtered, up to `limit`. */
export function listNewestFirst(
  all: Iterable<WebhookDelivery>,
  query: DeliveryListQuery,
): WebhookDelivery[] {
  return [...all]
    .reverse()
    .filter((delivery) => query.status === undefined || delivery.status === query.status)
    .slice(0, Math.max(0, Math.floor(query.limit)));
}
