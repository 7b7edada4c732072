/**
 * Per-payment callback tokens: 32 random bytes in the callback URL are the proof a callback is
 * the provider's (Daraja does not sign). Only the SHA-256 is stored, and hashes are compared in
 * constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newCallbackToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashCallbackToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function callbackTokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashCallbackToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
