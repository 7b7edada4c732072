/**
 * Read-modify-write over the store's compare-and-set, retried on conflict. `change` sees the
 * freshest record each time and returns the patch, or `undefined` to leave it alone.
 */
import { LipwaError } from '@lipwa/core';
import { applyPatch } from '../stores/apply-patch.js';
import type { PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import type { WebhookDelivery } from '../webhooks/webhook-delivery.js';

/** The webhook deliveries a patch causes, from the record as it will be stored. */
export type OutboxFor = (after: PaymentRecord) => readonly WebhookDelivery[];

// Conflicts only happen when a callback, the reconciler and an initiation touch one payment at
// once; a handful of retries always settles them.
const MAX_ATTEMPTS = 8;

export interface Mutation {
  readonly before: PaymentRecord;
  readonly after: PaymentRecord;
}

export async function mutateRecord(
  store: PaymentStore,
  paymentId: string,
  change: (current: PaymentRecord) => PaymentPatch | undefined,
  outboxFor?: OutboxFor,
): Promise<Mutation | { readonly before: PaymentRecord; readonly after?: undefined } | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await store.get(paymentId);
    if (!current) return undefined;
    const patch = change(current);
    if (patch === undefined) return { before: current };
    // Planned per try, so a conflict never leaves deliveries for a change that did not happen.
    const outbox = outboxFor?.(applyPatch(current, patch)) ?? [];
    const updated =
      outbox.length > 0
        ? await store.update(paymentId, current.version, patch, outbox)
        : await store.update(paymentId, current.version, patch);
    if (updated) return { before: current, after: updated };
  }
  throw new LipwaError(
    'internal_error',
    `Payment ${paymentId} kept changing under concurrent updates; gave up after ${MAX_ATTEMPTS} tries.`,
  );
}
