/**
 * Caps on open status streams: a few per session, a bounded number per client address, and a
 * ceiling for the whole process, so one token or one address cannot hold descriptors until the
 * process runs out. Counts are per process (an open stream lives in one process). Over a cap the
 * answer is `429 rate_limited` with `Retry-After` and the cap as `limit` (`session_streams`,
 * `client_streams` or `process_streams`), before any stream header is written.
 */
import { LipwaError } from '@lipwa/core';

export interface StreamCapSettings {
  readonly maxPerSession: number;
  readonly maxPerClient: number;
  readonly maxOpen: number;
}

export const defaultStreamCaps: StreamCapSettings = Object.freeze({
  maxPerSession: 3,
  maxPerClient: 20,
  maxOpen: 1_000,
});

// A refused stream's client retries after this many seconds (EventSource waits about 3 s anyway).
const RETRY_AFTER_SECONDS = 5;

export interface StreamCaps {
  /** Takes one slot for a session and client, or throws; the returned function gives it back. */
  open(session: string, client: string | undefined): () => void;
  readonly openCount: number;
}

export function createStreamCaps(settings: StreamCapSettings = defaultStreamCaps): StreamCaps {
  const perSession = new Map<string, number>();
  const perClient = new Map<string, number>();
  let total = 0;

  const refuse = (limit: string, message: string): never => {
    throw new LipwaError('rate_limited', message, {
      details: { retryAfter: RETRY_AFTER_SECONDS, limit },
    });
  };
  const add = (counts: Map<string, number>, key: string, by: number) => {
    const next = (counts.get(key) ?? 0) + by;
    if (next <= 0) counts.delete(key);
    else counts.set(key, next);
  };

  return {
    get openCount() {
      return total;
    },
    open(session, client) {
      const clientKey = client ?? 'unknown';
      if (total >= settings.maxOpen) {
        refuse(
          'process_streams',
          'The server has too many open status streams. Try again shortly.',
        );
      }
      if ((perSession.get(session) ?? 0) >= settings.maxPerSession) {
        refuse('session_streams', 'Too many status streams are open for this checkout.');
      }
      if ((perClient.get(clientKey) ?? 0) >= settings.maxPerClient) {
        refuse('client_streams', 'Too many status streams are open from this device.');
      }
      total += 1;
      add(perSession, session, 1);
      add(perClient, clientKey, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        add(perSession, session, -1);
        add(perClient, clientKey, -1);
      };
    },
  };
}
