/**
 * Read-modify-write over the store's compare-and-set, retried on conflict. `change` sees the
 * freshest record each time and returns the patch, or `undefined` to leave it alone.
 */
import { LipwaError } from '@lipwa/core';
import type { PaymentPatch, PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';

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
): Promise<Mutation | { readonly before: PaymentRecord; readonly after?: undefined } | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await store.get(paymentId);
    if (!current) return undefined;
    const patch = change(current);
    if (patch === undefined) return { before: current };
    const updated = await store.update(paymentId, current.version, patch);
    if (updated) return { before: current, after: updated };
  }
  throw new LipwaError(
    'internal_error',
    `Payment ${paymentId} kept changing under concurrent updates; gave up after ${MAX_ATTEMPTS} tries.`,
  );
}
