/// <reference types="node" />
/**
 * `x-cashfin-signature`: the hex HMAC-SHA256 of the exact body bytes under the webhook secret.
 * Checked over the raw bytes (never re-serialised JSON) and compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CallbackError } from '@lipwa/core';

export const CASHFIN_SIGNATURE_HEADER = 'x-cashfin-signature';

/** Lower-case hex HMAC-SHA256 of `rawBody`: what Cashfin puts in `x-cashfin-signature`. */
export function cashfinSignature(rawBody: string, webhookSecret: string): string {
  return createHmac('sha256', webhookSecret).update(rawBody, 'utf8').digest('hex');
}

function refused(message: string, why: string): CallbackError {
  return new CallbackError('invalid_signature', message, { details: { why } });
}

/** Throws `CallbackError('invalid_signature')` unless `signature` signs `rawBody`. */
export function verifyCashfinSignature(
  rawBody: string,
  signature: string | undefined,
  webhookSecret: string,
): void {
  if (signature === undefined || signature.trim() === '') {
    throw refused(
      `The webhook has no ${CASHFIN_SIGNATURE_HEADER} header: Cashfin signs every webhook, so this did not come from Cashfin.`,
      'unsigned',
    );
  }
  const given = signature.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) {
    throw refused(
      `The ${CASHFIN_SIGNATURE_HEADER} header is not a hex HMAC-SHA256 (64 hex characters).`,
      'malformed',
    );
  }
  const expected = createHmac('sha256', webhookSecret).update(rawBody, 'utf8').digest();
  // Both 32 bytes, so timingSafeEqual never throws on length.
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) {
    throw refused(
      `The ${CASHFIN_SIGNATURE_HEADER} header does not match the body: verify over the exact bytes received (not re-serialised JSON) and check webhookSecret is this webhook's signing secret.`,
      'mismatch',
    );
  }
}
