/**
 * Who may use a session: a valid token, from an allowed origin, and from the session's own
 * origin when it is bound to one.
 */
import { type CheckoutSession, SessionError } from '@lipwa/core';
import type { SessionTokens } from '../sessions/session-tokens.js';

export interface SessionAccess {
  read(token: string, origin?: string): Promise<CheckoutSession>;
}

export function createSessionAccess(
  tokens: SessionTokens,
  allowedOrigins: ReadonlySet<string>,
): SessionAccess {
  return {
    async read(token, origin) {
      const session = await tokens.verify(token);
      if (origin !== undefined) {
        if (!allowedOrigins.has(origin)) {
          throw new SessionError(
            'origin_not_allowed',
            `Requests from ${origin} are not allowed; add it to allowedOrigins in createLipwa.`,
          );
        }
        if (session.allowedOrigin !== undefined && session.allowedOrigin !== origin) {
          throw new SessionError(
            'origin_not_allowed',
            `This checkout session belongs to ${session.allowedOrigin}, not ${origin}.`,
          );
        }
      }
      return session;
    },
  };
}
