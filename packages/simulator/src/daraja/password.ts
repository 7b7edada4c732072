import { createHash, timingSafeEqual } from 'node:crypto';

/** Daraja's STK password: base64 of shortcode + passkey + timestamp, plain concatenation. */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`, 'utf8').toString('base64');
}

/** Compares two secrets in constant time (hashing first so lengths never leak either). */
export function secretsEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
