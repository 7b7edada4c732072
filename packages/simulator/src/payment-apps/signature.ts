import { createHmac } from 'node:crypto';

/**
 * `X-Salami-Signature`: lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the
 * webhook rule's secret. The simulator signs with it and tests forge with it.
 */
export function paymentAppsSignature(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

export const SIGNATURE_HEADER = 'X-Salami-Signature';
