/**
 * Standard Webhooks signing with the `standardwebhooks` library, so what we send is exactly what
 * its `verify` accepts. During a rotation an endpoint has two secrets: the delivery carries one
 * `v1,…` signature per secret (space-separated, as the spec allows), so a receiver holding
 * either verifies it.
 */
import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export function signDelivery(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  payload: string,
): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
