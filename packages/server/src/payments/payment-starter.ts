/**
 * `POST /payments`: whether a customer's click becomes exactly one request to the provider. The
 * rules live in their own files and run cheapest first: the request (`start-request.ts`), the
 * rate limits (`attempt-limits.ts`), the reference's history (`reference-rules.ts`,
 * `attempt-cooldown.ts`), then one atomic `createAttempt` per reference and the provider call
 * (`initiation.ts`). Concurrent callers share the winner's in-flight initiation.
 */
import type { CheckoutSession, PaymentView, ProviderAdapter } from '@lipwa/core';
import type { SessionAccess } from '../http/session-access.js';
import type { Logger } from '../logger.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { refuseDuringCooldown } from './attempt-cooldown.js';
import { type AttemptLimitSettings, createAttemptLimits } from './attempt-limits.js';
import { newCallbackToken } from './callback-token.js';
import { createInitiation } from './initiation.js';
import { newAttempt } from './new-attempt.js';
import { toPaymentView } from './payment-view.js';
import {
  isIdempotentReplay,
  refuseOtherAmount,
  refusePaidReference,
  sessionPaid,
} from './reference-rules.js';
import { parseStartBody, parseStartRequest, type StartRequest } from './start-request.js';
import type { StatusApplier } from './status-applier.js';

export interface StartContext {
  readonly origin?: string | undefined;
  readonly clientIp?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

export interface StartResult {
  readonly payment: PaymentView;
  readonly created: boolean;
}

export interface PaymentStarter {
  start(token: string, body: unknown, context?: StartContext): Promise<StartResult>;
  /** True while this process is still waiting for the provider to accept the payment. */
  isInitiating(paymentId: string): boolean;
  /** Resolves when every initiation in flight has settled. */
  settled(): Promise<void>;
}

/** What starting payments needs from the kit (a slice of `LipwaConfig`). */
export interface PaymentStarterDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly publicUrl: string;
  readonly failover: boolean;
  readonly attemptCooldownMs: number;
  readonly rateLimit: AttemptLimitSettings;
  readonly reconcile: { readonly promptTimeoutMs: number; readonly firstQueryAfterMs: number };
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createPaymentStarter(
  deps: PaymentStarterDeps,
  sessions: SessionAccess,
  applier: StatusApplier,
): PaymentStarter {
  const { store, clock } = deps;
  const inFlight = new Map<string, Promise<PaymentRecord>>();
  const limits = createAttemptLimits(deps.rateLimit, deps.clock);
  const initiation = createInitiation({ ...deps, applier });

  /** An existing attempt: wait for its initiation if it is still running here. */
  async function existing(record: PaymentRecord): Promise<StartResult> {
    const running = inFlight.get(record.id);
    const settled = running ? await running : record;
    return { payment: toPaymentView(settled), created: false };
  }

  /** A pending attempt for this reference (from this session or another): follow it. */
  function resume(session: CheckoutSession, pending: PaymentRecord): Promise<StartResult> {
    refuseOtherAmount(pending, session);
    return existing(pending);
  }

  /** The reference's attempts decide: replay a key, refuse a paid order, resume, cool down. */
  async function decideFromHistory(
    session: CheckoutSession,
    request: StartRequest,
    idempotencyKey: string | undefined,
  ): Promise<StartResult | undefined> {
    const attempts = await store.attemptsForReference(session.reference);
    const latest = attempts.at(-1);
    if (!latest) return undefined;
    if (isIdempotentReplay(latest, idempotencyKey, request.fingerprint)) return existing(latest);
    refusePaidReference(attempts);
    if (latest.status === 'pending') return resume(session, latest);
    refuseDuringCooldown(latest, clock.now());
    return undefined;
  }

  /** Creates the attempt (one per reference wins) and asks the provider, sharing the wait. */
  async function createAndInitiate(
    session: CheckoutSession,
    request: StartRequest,
    idempotencyKey: string | undefined,
  ): Promise<StartResult> {
    const callbackToken = newCallbackToken();
    const record = newAttempt({
      session,
      request,
      idempotencyKey,
      callbackToken,
      now: clock.now(),
      reconcile: deps.reconcile,
    });
    const creation = await store.createAttempt(record);
    if (!creation.created) {
      if (creation.record.status === 'completed') throw sessionPaid();
      return resume(session, creation.record);
    }
    const running = initiation.initiate(session, creation.record, request, callbackToken);
    inFlight.set(record.id, running);
    try {
      return { payment: toPaymentView(await running), created: true };
    } finally {
      inFlight.delete(record.id);
    }
  }

  return {
    isInitiating: (paymentId) => inFlight.has(paymentId),

    async settled() {
      await Promise.allSettled([...inFlight.values()]);
    },

    async start(token, body, context = {}) {
      const session = await sessions.read(token, context.origin);
      const request = parseStartRequest(session, parseStartBody(body), deps);
      await limits.checkRequest({ session: session.id, client: context.clientIp });
      const decided = await decideFromHistory(session, request, context.idempotencyKey);
      if (decided) return decided;
      // Only a new prompt counts against the phone: resuming or replaying pushes nothing.
      if (request.phone) await limits.checkPrompt(session.reference, request.phone);
      return createAndInitiate(session, request, context.idempotencyKey);
    },
  };
}
