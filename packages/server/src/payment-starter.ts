/**
 * `POST /payments`: the rules that decide whether a customer's click becomes exactly one STK
 * push. Checks run cheapest first; the store's atomic `createAttempt` makes one creation win
 * per session, and concurrent callers share the winner's in-flight initiation.
 */
import { randomUUID } from 'node:crypto';
import {
  type CheckoutSession,
  type FailureReason,
  failureReasons,
  isLipwaError,
  LipwaError,
  type Msisdn,
  maskMsisdn,
  type PaymentView,
  type ProviderAdapter,
  ProviderError,
  parseMsisdn,
  startPaymentBodySchema,
  ValidationError,
} from '@lipwa/core';
import { hashCallbackToken, newCallbackToken } from './callback-token.js';
import { mutateRecord } from './mutate-record.js';
import type { LipwaConfig } from './options.js';
import type { PaymentRecord } from './payment-record.js';
import { toPaymentView } from './payment-view.js';
import { createFixedWindowLimiter, type RateLimiter } from './rate-limiter.js';
import type { SessionAccess } from './session-access.js';
import type { StatusApplier } from './status-applier.js';
import { zodIssues } from './zod-issues.js';

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

function secondsUntil(when: number, now: number): number {
  return Math.max(1, Math.ceil((when - now) / 1000));
}

function failureReasonOf(error: unknown): FailureReason {
  const reason = isLipwaError(error) ? error.details.reason : undefined;
  if (typeof reason === 'string' && (failureReasons as readonly string[]).includes(reason)) {
    return reason as FailureReason;
  }
  if (isLipwaError(error) && error.code === 'invalid_phone') return 'invalid_phone';
  return 'provider_error';
}

export function createPaymentStarter(
  config: LipwaConfig,
  sessions: SessionAccess,
  applier: StatusApplier,
): PaymentStarter {
  const { store, clock, logger } = config;
  const inFlight = new Map<string, Promise<PaymentRecord>>();
  const limiters: Record<'session' | 'phone' | 'client', RateLimiter> = {
    session: createFixedWindowLimiter({
      windowMs: config.rateLimit.windowMs,
      max: config.rateLimit.maxPerSession,
      clock,
    }),
    phone: createFixedWindowLimiter({
      windowMs: config.rateLimit.windowMs,
      max: config.rateLimit.maxPerPhone,
      clock,
    }),
    client: createFixedWindowLimiter({
      windowMs: config.rateLimit.windowMs,
      max: config.rateLimit.maxPerClient,
      clock,
    }),
  };

  function limit(kind: 'session' | 'phone' | 'client', key: string): void {
    const decision = limiters[kind].hit(key);
    if (!decision.allowed) {
      const seconds = secondsUntil(clock.now() + decision.retryAfterMs, clock.now());
      throw new LipwaError(
        'rate_limited',
        `Too many payment attempts for this ${kind === 'client' ? 'device' : kind}. Try again in ${seconds} seconds.`,
        { details: { retryAfter: seconds, limit: kind } },
      );
    }
  }

  function choose(session: CheckoutSession, method: string | undefined): ProviderAdapter {
    const id = method ?? session.methods[0];
    const provider = id === undefined ? undefined : config.providers.get(id);
    if (id === undefined || !provider || !session.methods.includes(id)) {
      throw new ValidationError(
        'invalid_field',
        `Payment method "${id ?? ''}" is not offered for this checkout (offered: ${session.methods.join(', ')}).`,
        { details: { errors: [{ path: 'method', message: 'not offered for this checkout' }] } },
      );
    }
    return provider;
  }

  /** An existing attempt: wait for its initiation if it is still running here. */
  async function existing(record: PaymentRecord): Promise<StartResult> {
    const running = inFlight.get(record.id);
    const settled = running ? await running : record;
    return { payment: toPaymentView(settled), created: false };
  }

  async function refuseIfEnded(latest: PaymentRecord): Promise<void> {
    const now = clock.now();
    if (latest.status === 'completed') {
      throw new LipwaError('session_paid', 'This checkout has already been paid.');
    }
    if (latest.retryAfter !== undefined && now < latest.retryAfter) {
      const seconds = secondsUntil(latest.retryAfter, now);
      throw new LipwaError(
        'attempt_cooldown',
        latest.initiationAmbiguous
          ? `The last request may still reach your phone. Check it, or try again in ${seconds} seconds.`
          : `Please wait ${seconds} seconds before trying again.`,
        { details: { retryAfter: seconds } },
      );
    }
  }

  async function initiate(
    record: PaymentRecord,
    provider: ProviderAdapter,
    callbackToken: string,
  ): Promise<PaymentRecord> {
    await store.appendEvent(record.id, {
      at: clock.now(),
      kind: 'created',
      data: { provider: provider.id, phone: maskMsisdn(record.phone) },
    });
    const callbackUrl = `${config.publicUrl}/callbacks/${encodeURIComponent(provider.id)}/${callbackToken}`;
    try {
      const result = await provider.initiate({
        paymentId: record.id,
        amount: record.amount,
        phone: record.phone,
        reference: record.reference,
        description: record.description,
        callbackUrl,
      });
      const now = clock.now();
      const promptMs = result.promptTimeoutMs ?? config.reconcile.promptTimeoutMs;
      const mutation = await mutateRecord(store, record.id, () => ({
        providerRef: result.providerRef,
        next: result.next,
        promptExpiresAt: now + promptMs,
        updatedAt: now,
        ...(result.providerData ? { providerData: result.providerData } : {}),
      }));
      const stored = mutation?.after ?? mutation?.before ?? record;
      await store.appendEvent(record.id, {
        at: now,
        kind: 'initiated',
        data: { providerRef: result.providerRef, next: result.next.type },
      });
      logger.info('Payment initiated', {
        paymentId: record.id,
        provider: provider.id,
        phone: maskMsisdn(record.phone),
      });
      applier.announce(stored);
      return stored;
    } catch (error) {
      throw await failInitiation(record, provider, error);
    }
  }

  /** Marks the attempt failed (never left pending) and returns the error to answer with. */
  async function failInitiation(
    record: PaymentRecord,
    provider: ProviderAdapter,
    error: unknown,
  ): Promise<LipwaError> {
    const now = clock.now();
    const ambiguous = error instanceof ProviderError && error.ambiguous;
    const reason = failureReasonOf(error);
    // After a timeout the prompt may be on the phone: no second push until its window is over.
    const retryAt = ambiguous
      ? now + config.reconcile.promptTimeoutMs
      : now + config.attemptCooldownMs;
    const providerCode =
      isLipwaError(error) && typeof error.details.providerCode === 'string'
        ? error.details.providerCode
        : undefined;
    await store.appendEvent(record.id, {
      at: now,
      kind: 'initiation_failed',
      data: { code: isLipwaError(error) ? error.code : 'unexpected', ambiguous, reason },
    });
    const level = isLipwaError(error) ? 'warn' : 'error';
    logger[level]('Payment initiation failed', {
      paymentId: record.id,
      provider: provider.id,
      phone: maskMsisdn(record.phone),
      ambiguous,
      error,
    });
    await applier.apply(record.id, { status: 'failed', reason, providerCode }, 'server', {
      retryAfter: retryAt,
      initiationAmbiguous: ambiguous,
    });
    const retryAfter = secondsUntil(retryAt, now);
    if (error instanceof ValidationError) {
      return new ValidationError(error.code, error.message, {
        cause: error,
        details: { ...error.details, retryAfter },
      });
    }
    const code =
      error instanceof ProviderError && error.code.startsWith('provider_')
        ? error.code
        : 'provider_unavailable';
    const detail = error instanceof ProviderError ? ` (${error.message})` : '';
    return new ProviderError(
      code,
      ambiguous
        ? `The payment provider did not answer in time${detail}. The prompt may still reach your phone: check it before trying again in ${retryAfter} seconds.`
        : `The payment provider could not start the payment${detail}. Try again in ${retryAfter} seconds.`,
      { cause: error, details: { retryAfter, reason, ambiguous } },
    );
  }

  return {
    isInitiating: (paymentId) => inFlight.has(paymentId),

    async settled() {
      await Promise.allSettled([...inFlight.values()]);
    },

    async start(token, body, context = {}) {
      const session = await sessions.read(token, context.origin);
      const parsed = startPaymentBodySchema.safeParse(body);
      if (!parsed.success) {
        throw new ValidationError(
          'invalid_request',
          'The body must be a JSON object like {"phone":"0712345678"}.',
          { details: { errors: zodIssues(parsed.error.issues) } },
        );
      }
      const provider = choose(session, parsed.data.method);
      if (parsed.data.phone === undefined && provider.capabilities.has('stk')) {
        throw new ValidationError(
          'invalid_request',
          `A phone number is required to pay with ${provider.displayName ?? provider.id}.`,
          { details: { errors: [{ path: 'phone', message: 'phone is required' }] } },
        );
      }
      const phone = parseMsisdn(parsed.data.phone ?? '');
      if (!phone.ok) {
        throw new ValidationError('invalid_phone', phone.message, {
          details: { reason: phone.reason, errors: [{ path: 'phone', message: phone.message }] },
        });
      }

      limit('session', session.id);
      limit('phone', phone.msisdn);
      if (context.clientIp) limit('client', context.clientIp);

      const latest = await store.latestForSession(session.id);
      if (latest) {
        const sameRequest =
          context.idempotencyKey !== undefined && latest.idempotencyKey === context.idempotencyKey;
        if (sameRequest || latest.status === 'pending') return existing(latest);
        await refuseIfEnded(latest);
      }

      const now = clock.now();
      const callbackToken = newCallbackToken();
      const record: PaymentRecord = {
        id: `pay_${randomUUID().replaceAll('-', '')}`,
        sessionId: session.id,
        provider: provider.id,
        status: 'pending',
        amount: session.amount,
        reference: session.reference,
        description: session.description,
        phone: phone.msisdn as Msisdn,
        callbackTokenHash: hashCallbackToken(callbackToken),
        idempotencyKey: context.idempotencyKey,
        createdAt: now,
        updatedAt: now,
        promptExpiresAt: now + config.reconcile.promptTimeoutMs,
        nextQueryAt: now + config.reconcile.firstQueryAfterMs,
        queryCount: 0,
        version: 1,
      };
      const creation = await store.createAttempt(record);
      if (!creation.created) {
        if (creation.record.status === 'completed') {
          throw new LipwaError('session_paid', 'This checkout has already been paid.');
        }
        return existing(creation.record);
      }
      const running = initiate(creation.record, provider, callbackToken);
      inFlight.set(record.id, running);
      try {
        const initiated = await running;
        return { payment: toPaymentView(initiated), created: true };
      } finally {
        inFlight.delete(record.id);
      }
    },
  };
}
