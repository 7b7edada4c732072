/**
 * Verified session tokens, kept so a status poll or a stream reconnect does not re-run HMAC,
 * JSON and zod on a token already checked. Safe because a token is immutable: the same string
 * always verifies to the same session. Expiry stays exact: an entry is used only while the
 * clock is before the session's `expiresAt` plus the same tolerance `jwtVerify` allows, so a
 * cached token expires at the very instant a fresh verification would refuse it. Only verified
 * tokens are cached (a forged token costs a verification each time, as before), and the map is
 * bounded: when full it drops its oldest entries.
 */
import type { CheckoutSession } from '@lipwa/core';

const MAX_ENTRIES = 10_000;

export interface VerifiedCache {
  get(token: string, nowMs: number): CheckoutSession | undefined;
  set(token: string, session: CheckoutSession, nowMs: number): void;
}

export function createVerifiedCache(toleranceMs: number, maxEntries = MAX_ENTRIES): VerifiedCache {
  const entries = new Map<string, { session: CheckoutSession; usableUntilMs: number }>();
  return {
    get(token, nowMs) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      // jose refuses once now - tolerance >= exp (whole seconds); the same bound here.
      if (nowMs >= entry.usableUntilMs) {
        entries.delete(token);
        return undefined;
      }
      return entry.session;
    },
    set(token, session, nowMs) {
      const usableUntilMs = Date.parse(session.expiresAt) + toleranceMs;
      if (!(nowMs < usableUntilMs)) return;
      if (entries.size >= maxEntries) {
        // Oldest first (Map keeps insertion order): drop a tenth so eviction is rare.
        let drop = Math.ceil(maxEntries / 10);
        for (const key of entries.keys()) {
          entries.delete(key);
          drop -= 1;
          if (drop === 0) break;
        }
      }
      entries.set(token, { session, usableUntilMs });
    },
  };
}
