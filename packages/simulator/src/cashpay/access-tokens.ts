/**
 * CashPay's bearer tokens: issued for 55 minutes (the documented lifetime) to the sandbox client.
 * Only a SHA-256 of each token is kept, so checking one never compares the secret itself, and
 * client credentials are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CASHPAY_TOKEN_LIFETIME_SECONDS, cashpaySandbox } from './sandbox.js';

export interface CashpayTokens {
  /** True for the sandbox client's id and secret (both always compared). */
  checkClient(clientId: string, clientSecret: string): boolean;
  issue(now: number): { accessToken: string; expiresIn: number };
  isValid(token: string, now: number): boolean;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Equal-length digests, so `timingSafeEqual` never throws and length is not revealed. */
function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function createCashpayTokens(): CashpayTokens {
  const expiries = new Map<string, number>();
  return {
    checkClient: (clientId, clientSecret) =>
      [
        secretsEqual(clientId, cashpaySandbox.clientId),
        secretsEqual(clientSecret, cashpaySandbox.clientSecret),
      ].every(Boolean),
    issue(now) {
      for (const [key, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(key);
      const accessToken = `cpt_${randomBytes(24).toString('base64url')}`;
      expiries.set(
        digest(accessToken).toString('hex'),
        now + CASHPAY_TOKEN_LIFETIME_SECONDS * 1000,
      );
      return { accessToken, expiresIn: CASHPAY_TOKEN_LIFETIME_SECONDS };
    },
    isValid(token, now) {
      const expiresAt = expiries.get(digest(token).toString('hex'));
      return expiresAt !== undefined && now < expiresAt;
    },
  };
}
