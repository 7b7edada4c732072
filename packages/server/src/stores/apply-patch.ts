/**
 * The merge rule of `PaymentStore.update`, identical to the memory store's: the patch wins
 * field by field (an explicit `undefined` clears a field), identity fields never change, and the
 * version goes up by one.
 */
import type { PaymentPatch, PaymentRecord } from './payment-record.js';

export function applyPatch(current: PaymentRecord, patch: PaymentPatch): PaymentRecord {
  const merged: Record<string, unknown> = {
    ...current,
    ...patch,
    id: current.id,
    sessionId: current.sessionId,
    createdAt: current.createdAt,
    callbackTokenHash: current.callbackTokenHash,
    version: current.version + 1,
  };
  // Drop cleared fields so the record equals what a JSON round trip gives back.
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[key];
  }
  return merged as unknown as PaymentRecord;
}
