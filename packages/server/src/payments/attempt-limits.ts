/**
 * Rate limits on starting payments: per session, per client address and per phone (several
 * sliding windows, e.g. 3 per 10 minutes and 10 per day), counted in a `LimitStore` so instances
 * that share one store share one allowance. A refusal is `429 rate_limited` with the seconds to
 * wait and the rule that refused (`limit`: `session_attempts`, `client_attempts`, `phone_window`
 * or `phone_day`).
 */
import { type Clock, LipwaError } from '@lipwa/core';
import type { LimitRule, LimitStore } from '../limits/limit-store.js';
import { secondsUntil } from './attempt-cooldown.js';

export interface PhoneWindow {
  readonly max: number;
  readonly windowMs: number;
}

export interface AttemptLimitSettings {
  readonly windowMs: number;
  readonly maxPerSession: number;
  readonly maxPerPhone: number;
  readonly maxPerClient: number;
  /** Longer per-phone windows on top of `maxPerPhone` per `windowMs`. */
  readonly phoneWindows: readonly PhoneWindow[];
  readonly store: LimitStore;
}

export interface AttemptLimits {
  /** Counts one request against its session and client; throws `rate_limited` when over. */
  checkRequest(keys: {
    readonly session: string;
    readonly client?: string | undefined;
  }): Promise<void>;
  /**
   * Counts one prompt against the phone; throws `rate_limited` when over. Racing requests for one
   * reference in this process share one count: they make one prompt between them.
   */
  checkPrompt(reference: string, phone: string): Promise<void>;
}

type LimitKind = 'session' | 'phone' | 'client';

const DAY_MS = 24 * 60 * 60_000;

/** A per-phone rule, named `phone_day` when its window is a day or longer. */
function phoneRule(window: PhoneWindow): LimitRule {
  return { name: window.windowMs >= DAY_MS ? 'phone_day' : 'phone_window', ...window };
}

/** The per-phone rules; the prompt back-off charges the same counters. */
export function phoneRules(settings: AttemptLimitSettings): readonly LimitRule[] {
  return [
    phoneRule({ max: settings.maxPerPhone, windowMs: settings.windowMs }),
    ...settings.phoneWindows.map(phoneRule),
  ];
}

export function createAttemptLimits(settings: AttemptLimitSettings, clock: Clock): AttemptLimits {
  const { windowMs } = settings;
  const rules: Record<LimitKind, readonly LimitRule[]> = {
    session: [{ name: 'session_attempts', max: settings.maxPerSession, windowMs }],
    client: [{ name: 'client_attempts', max: settings.maxPerClient, windowMs }],
    phone: phoneRules(settings),
  };

  async function limit(kind: LimitKind, key: string): Promise<void> {
    for (const rule of rules[kind]) {
      const decision = await settings.store.consume(rule, key);
      if (decision.allowed) continue;
      const seconds = secondsUntil(clock.now() + decision.retryAfterMs, clock.now());
      throw new LipwaError(
        'rate_limited',
        `Too many payment attempts for this ${kind === 'client' ? 'device' : kind}. Try again in ${seconds} seconds.`,
        { details: { retryAfter: seconds, limit: rule.name } },
      );
    }
  }

  const promptChecks = new Map<string, Promise<void>>();

  return {
    async checkRequest({ session, client }) {
      await limit('session', session);
      if (client) await limit('client', client);
    },

    checkPrompt(reference, phone) {
      const key = `${reference}\u0000${phone}`;
      const running = promptChecks.get(key);
      if (running) return running;
      const check = limit('phone', phone).finally(() => promptChecks.delete(key));
      promptChecks.set(key, check);
      return check;
    },
  };
}
