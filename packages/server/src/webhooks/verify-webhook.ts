/**
 * For the merchant's receiving side: verifies a Lipwa webhook with the `standardwebhooks`
 * library (signature over the raw body, timestamp within 5 minutes) against any of the given
 * secrets, and returns the parsed event. Throws `CallbackError` `invalid_signature` otherwise.
 */
import { CallbackError, type PaymentStatus, type PaymentView } from '@lipwa/core';
import { Webhook } from 'standardwebhooks';
import type { ReviewReason } from '../stores/payment-record.js';
import type { WebhookEventType } from './webhook-delivery.js';

export interface LipwaWebhookEvent {
  readonly type: WebhookEventType;
  readonly timestamp: string;
  readonly data: {
    readonly id: string;
    readonly payment: PaymentView;
    readonly reference: string;
    readonly status: PaymentStatus;
    readonly review?: ReviewReason;
  };
}

export function verifyWebhook(
  secrets: string | readonly string[],
  rawBody: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): LipwaWebhookEvent {
  const flat: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = headers[name];
    flat[name] = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  }
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    try {
      return new Webhook(secret).verify(rawBody, flat) as LipwaWebhookEvent;
    } catch {
      // Try the next secret (rotation); none matching is the refusal below.
    }
  }
  throw new CallbackError(
    'invalid_signature',
    'The webhook signature or timestamp did not verify with any configured secret.',
    { details: { webhookId: flat['webhook-id'] } },
  );
}
