/**
 * Which webhook event a change is, and the outbox rows it makes: one per endpoint that asked for
 * that event type. The payload is built now, from the record as it will be stored, so what is
 * sent later is what was true at the change.
 */
import { randomUUID } from 'node:crypto';
import type { PaymentStatus } from '@lipwa/core';
import { toPaymentView } from '../payments/payment-view.js';
import type { PaymentRecord, ReviewReason } from '../stores/payment-record.js';
import type { WebhookDelivery, WebhookEventType } from './webhook-delivery.js';
import type { WebhookEndpoint } from './webhook-options.js';

const FINAL_EVENTS: Partial<Record<PaymentStatus, WebhookEventType>> = {
  completed: 'payment.completed',
  failed: 'payment.failed',
  cancelled: 'payment.cancelled',
  expired: 'payment.expired',
  reversed: 'payment.reversed',
};

export function finalEventType(status: PaymentStatus): WebhookEventType | undefined {
  return FINAL_EVENTS[status];
}

/** Makes the outbox rows for an event; empty when no endpoint wants it. */
export type PlanDeliveries = (
  type: WebhookEventType,
  record: PaymentRecord,
  review?: ReviewReason,
) => WebhookDelivery[];

export function deliveryPlanner(
  endpoints: readonly WebhookEndpoint[],
  clock: { now(): number },
): PlanDeliveries {
  return (type, record, review) => {
    const wanted = endpoints.filter((endpoint) => endpoint.events.has(type));
    if (wanted.length === 0) return [];
    const now = clock.now();
    const eventId = `evt_${randomUUID().replaceAll('-', '')}`;
    const payload = JSON.stringify({
      type,
      timestamp: new Date(now).toISOString(),
      data: {
        id: eventId,
        payment: toPaymentView(record),
        reference: record.reference,
        status: record.status,
        ...(review ? { review } : {}),
      },
    });
    return wanted.map((endpoint) => ({
      id: `msg_${randomUUID().replaceAll('-', '')}`,
      endpointId: endpoint.id,
      eventType: type,
      paymentId: record.id,
      payload,
      status: 'pending' as const,
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    }));
  };
}
