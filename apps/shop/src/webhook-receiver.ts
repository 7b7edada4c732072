/**
 * The shop receiving its own Lipwa webhooks, as a merchant would: `POST /webhooks/lipwa`
 * verifies the Standard Webhooks signature on the raw body (the `standardwebhooks` library,
 * through `verifyWebhook`), drops repeats by `webhook-id`, and marks the order from the event.
 * Answers 204 once handled, so the sender stops retrying; 400 for a forged or stale request.
 */
import { type LipwaWebhookEvent, verifyWebhook } from '@lipwa/server';
import express from 'express';
import type { OrderBook } from './orders.js';

const reviewNotes = {
  amount_mismatch: 'The amount paid differs from the order total.',
  success_after_failure: 'Money arrived after the attempt had failed.',
  second_success: 'The order was paid twice: refund the second payment.',
} as const;

export interface WebhookReceiverOptions {
  readonly secret: string;
  readonly orders: OrderBook;
  readonly log: (line: string) => void;
}

async function apply(event: LipwaWebhookEvent, orders: OrderBook): Promise<void> {
  const { payment, reference, review } = event.data;
  const current = orders.get(reference);
  if (!current) return;
  if (event.type === 'payment.review') {
    await orders.update(reference, {
      ...(current.status === 'paid' ? {} : { status: 'needs_review' as const }),
      ...(review ? { note: reviewNotes[review] } : {}),
    });
  } else if (event.type === 'payment.completed') {
    await orders.update(reference, {
      status: 'paid',
      ...(payment.receipt ? { receipt: payment.receipt } : {}),
    });
  } else if (current.status === 'awaiting_payment') {
    await orders.update(reference, { status: 'payment_failed' });
  }
}

export function webhookReceiver({ secret, orders, log }: WebhookReceiverOptions): express.Router {
  const router = express.Router();
  // In memory is enough for a demo; a real shop keeps seen ids with its orders.
  const seen = new Set<string>();
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
        if (!seen.has(id)) {
          await apply(event, orders);
          seen.add(id);
          log(`webhook ${id}: ${event.type} for order ${event.data.reference} (verified)`);
        }
        res.status(204).end();
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
