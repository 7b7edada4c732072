/** Turns a stored record into the public view: masked phone, ISO dates, no secrets. */
import { maskMsisdn, type PaymentView } from '@lipwa/core';
import type { PaymentRecord } from '../stores/payment-record.js';

function iso(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}

export function toPaymentView(record: PaymentRecord): PaymentView {
  const view: PaymentView = {
    id: record.id,
    sessionId: record.sessionId,
    provider: record.provider,
    status: record.status,
    amount: { amount: record.amount.amount, currency: record.amount.currency },
    reference: record.reference,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
  if (record.phone !== undefined) view.phone = maskMsisdn(record.phone);
  if (record.reason !== undefined) view.reason = record.reason;
  if (record.providerCode !== undefined) view.providerCode = record.providerCode;
  if (record.receipt !== undefined) view.receipt = record.receipt;
  if (record.next !== undefined) view.next = record.next;
  const promptExpiresAt = iso(record.promptExpiresAt);
  if (promptExpiresAt !== undefined) view.promptExpiresAt = promptExpiresAt;
  // retryAfter only means something once the attempt has ended without payment.
  const retryAfter = record.status === 'pending' ? undefined : iso(record.retryAfter);
  if (retryAfter !== undefined && record.status !== 'completed') view.retryAfter = retryAfter;
  return view;
}
