/**
 * The shop receiving its own Lipwa webhooks, as a merchant would: `POST /webhooks/lipwa`
 * verifies the Standard Webhooks signature on the raw body (the `standardwebhooks` library,
 * through `verifyWebhook`), counts the request on its order, applies each `webhook-id` once
 * (the order book remembers them, so a repeat reaching another instance is dropped too) and
 * marks the order from the event.
 * Answers 204 once handled, so the sender stops retrying; 400 for a forged or stale request.
 */
import { type LipwaWebhookEvent, verifyWebhook } from '@lipwa/server';
import express from 'express';
import type { Order, OrderBook, OrderChanges } from './orders.js';

const reviewNotes = {
  amount_mismatch: 'The amount paid differs from the order total.',
  success_after_failure: 'Money arrived after the attempt had failed.',
  second_success: 'The order was paid twice: refund the second payment.',
  refund_unsettled: 'A refund was never settled by the provider: check it with the provider.',
} as const;

export interface WebhookReceiverOptions {
  readonly secret: string;
  readonly orders: OrderBook;
  readonly log: (line: string) => void;
}

/** What an event means for its order, given the order as it is when the webhook is applied. */
function changesFor(event: LipwaWebhookEvent, current: Order): OrderChanges {
  const { payment, review } = event.data;
  if (event.type === 'payment.review') {
    return {
      ...(current.status === 'paid' ? {} : { status: 'needs_review' as const }),
      ...(review ? { note: reviewNotes[review] } : {}),
    };
  }
  if (event.type === 'payment.completed') {
    return { status: 'paid', ...(payment.receipt ? { receipt: payment.receipt } : {}) };
  }
  return current.status === 'awaiting_payment' ? { status: 'payment_failed' } : {};
}

export function webhookReceiver({ secret, orders, log }: WebhookReceiverOptions): express.Router {
  const router = express.Router();
  router.post(
    '/webhooks/lipwa',
    express.text({ type: () => true, limit: '64kb' }),
    async (req, res, next) => {
      let event: LipwaWebhookEvent;
      try {
        event = verifyWebhook(secret, typeof req.body === 'string' ? req.body : '', req.headers);
      } catch {
        res.status(400).json({ error: 'invalid_signature' });
        return;
      }
      const id = String(req.headers['webhook-id']);
      try {
        const outcome = await orders.recordWebhook(event.data.reference, id, (current) =>
          changesFor(event, current),
        );
        log(
          `webhook ${id}: ${event.type} for order ${event.data.reference} (verified, ${outcome})`,
        );
        res.status(204).end();
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
