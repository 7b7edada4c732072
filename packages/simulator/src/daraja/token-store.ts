import { createHash } from 'node:crypto';
import { accessToken } from './ids.js';

/**
 * Issued OAuth tokens. Only a hash of each token is kept and looked up, so checking a token
 * never compares the secret itself character by character.
 */
export interface TokenStore {
  issue(now: number): { accessToken: string; expiresAt: number };
  isValid(token: string, now: number): boolean;
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createTokenStore(lifetimeSeconds: number): TokenStore {
  const expiries = new Map<string, number>();
  return {
    issue(now) {
      for (const [key, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(key);
      const token = accessToken();
      const expiresAt = now + lifetimeSeconds * 1000;
      expiries.set(digest(token), expiresAt);
      return { accessToken: token, expiresAt };
    },
    isValid(token, now) {
      const expiresAt = expiries.get(digest(token));
      return expiresAt !== undefined && now < expiresAt;
    },
  };
}
