/**
 * `POST /payments`: the rules that decide whether a customer's click becomes exactly one request
 * to the provider. One merchant reference is one payable thing, whichever session asks: a
 * pending attempt is resumed, a paid reference is refused (`session_paid`), and the store's
 * atomic `createAttempt` makes one creation win per reference. Checks run cheapest first;
 * concurrent callers share the winner's in-flight initiation.
 */
import { createHash, randomUUID } from 'node:crypto';
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
  routes,
  type StartPaymentBody,
  sameMoney,
  startPaymentBodySchema,
  ValidationError,
} from '@lipwa/core';
import type { SessionAccess } from '../http/session-access.js';
import { zodIssues } from '../http/zod-issues.js';
import type { LipwaConfig } from '../options.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import { hashCallbackToken, newCallbackToken } from './callback-token.js';
import { mutateRecord } from './mutate-record.js';
import { toPaymentView } from './payment-view.js';
import { createFixedWindowLimiter, type RateLimiter } from './rate-limiter.js';
import { changeFromUnmatched, type StatusApplier } from './status-applier.js';

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

/** A request the session may make: the method chosen, and what that method needs. */
interface StartRequest {
  readonly provider: ProviderAdapter;
  readonly phone?: Msisdn | undefined;
  readonly returnUrl?: string | undefined;
  /** Same key, same body: the hash of what this request asked for. */
  readonly fingerprint: string;
}

function secondsUntil(when: number, now: number): number {
  return Math.max(1, Math.ceil((when - now) / 1000));
}

function failureReasonOf(error: unknown): FailureReason {
  // ValidationErrors (nothing was sent) say why in details; ProviderErrors in a typed field.
  const detailed = isLipwaError(error) ? error.details.reason : undefined;
  const reason =
    error instanceof ProviderError
      ? error.reason
      : typeof detailed === 'string'
        ? detailed
        : undefined;
  if (reason !== undefined && (failureReasons as readonly string[]).includes(reason)) {
    return reason as FailureReason;
  }
  if (isLipwaError(error) && error.code === 'invalid_phone') return 'invalid_phone';
  return 'provider_error';
}

function sessionPaid(): LipwaError {
  return new LipwaError('session_paid', 'This order has already been paid.');
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

  /** A redirect method sends the customer back to a page of an origin this session may use. */
  function checkReturnUrl(session: CheckoutSession, returnUrl: string): string {
    const origin = new URL(returnUrl).origin;
    const allowed =
      session.allowedOrigin !== undefined
        ? origin === session.allowedOrigin
        : config.allowedOrigins.has(origin);
    if (!allowed) {
      throw new ValidationError(
        'invalid_field',
        `returnUrl must be a page on this checkout's own site, not ${origin}.`,
        { details: { errors: [{ path: 'returnUrl', message: 'origin not allowed' }] } },
      );
    }
    return returnUrl;
  }

  function parseRequest(session: CheckoutSession, body: StartPaymentBody): StartRequest {
    const provider = choose(session, body.method);
    let phone: Msisdn | undefined;
    if (provider.capabilities.has('stk')) {
      if (body.phone === undefined) {
        throw new ValidationError(
          'invalid_request',
          `A phone number is required to pay with ${provider.displayName ?? provider.id}.`,
          { details: { errors: [{ path: 'phone', message: 'phone is required' }] } },
        );
      }
      const parsed = parseMsisdn(body.phone);
      if (!parsed.ok) {
        throw new ValidationError('invalid_phone', parsed.message, {
          details: {
            reason: parsed.reason,
            errors: [{ path: 'phone', message: parsed.message }],
          },
        });
      }
      phone = parsed.msisdn as Msisdn;
    }
    let returnUrl: string | undefined;
    if (provider.capabilities.has('redirect')) {
      if (body.returnUrl === undefined) {
        throw new ValidationError(
          'invalid_request',
          `A returnUrl is required to pay with ${provider.displayName ?? provider.id}: the page the customer comes back to.`,
          { details: { errors: [{ path: 'returnUrl', message: 'returnUrl is required' }] } },
        );
      }
      returnUrl = checkReturnUrl(session, body.returnUrl);
    }
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([provider.id, phone ?? null, returnUrl ?? null]))
      .digest('hex');
    return { provider, phone, returnUrl, fingerprint };
  }

  /** An existing attempt: wait for its initiation if it is still running here. */
  async function existing(record: PaymentRecord): Promise<StartResult> {
    const running = inFlight.get(record.id);
    const settled = running ? await running : record;
    return { payment: toPaymentView(settled), created: false };
  }

  /** The reference's attempts decide: resume a pending one, refuse a paid order, respect cooldowns. */
  async function decideFromHistory(
    session: CheckoutSession,
    request: StartRequest,
    idempotencyKey: string | undefined,
  ): Promise<StartResult | undefined> {
    const attempts = await store.attemptsForReference(session.reference);
    const latest = attempts.at(-1);
    if (!latest) return undefined;
    if (idempotencyKey !== undefined && latest.idempotencyKey === idempotencyKey) {
      if (latest.idempotencyFingerprint !== request.fingerprint) {
        throw new ValidationError(
          'idempotency_mismatch',
          'This Idempotency-Key was already used with a different request (phone, method or return URL). Use a new key for a new request.',
        );
      }
      return existing(latest);
    }
    if (attempts.some((attempt) => attempt.status === 'completed')) throw sessionPaid();
    if (latest.status === 'pending') return resume(session, latest);
    const now = clock.now();
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
    return undefined;
  }

  /** A pending attempt for this reference (from this session or another): follow it. */
  function resume(session: CheckoutSession, pending: PaymentRecord): Promise<StartResult> {
    if (!sameMoney(pending.amount, session.amount)) {
      throw new LipwaError(
        'reference_in_use',
        `Order ${session.reference} has an attempt in progress for another amount; wait for it to end before charging a new amount.`,
        { details: { paymentId: pending.id } },
      );
    }
    return existing(pending);
  }

  function callbackUrlFor(provider: ProviderAdapter, callbackToken: string): string {
    return provider.callbackRoute === 'fixed'
      ? `${config.publicUrl}${routes.fixedCallback(provider.id)}`
      : `${config.publicUrl}${routes.callback(provider.id, callbackToken)}`;
  }

  /** The next STK method the session offers after `current`, for failover. */
  function nextProvider(
    session: CheckoutSession,
    current: ProviderAdapter,
  ): ProviderAdapter | undefined {
    const after = session.methods.slice(session.methods.indexOf(current.id) + 1);
    return after
      .map((id) => config.providers.get(id))
      .find((provider) => provider?.capabilities.has('stk'));
  }

  function mayFailOver(error: unknown): boolean {
    return (
      config.failover &&
      error instanceof ProviderError &&
      error.code === 'provider_unavailable' &&
      !error.ambiguous
    );
  }

  async function initiate(
    session: CheckoutSession,
    record: PaymentRecord,
    request: StartRequest,
    callbackToken: string,
  ): Promise<PaymentRecord> {
    let provider = request.provider;
    await store.appendEvent(record.id, {
      at: clock.now(),
      kind: 'created',
      data: { provider: provider.id, ...(record.phone ? { phone: maskMsisdn(record.phone) } : {}) },
    });
    for (;;) {
      try {
        return await initiateWith(record, provider, request, callbackToken);
      } catch (error) {
        const next = mayFailOver(error) ? nextProvider(session, provider) : undefined;
        if (!next) throw await failInitiation(record, provider, error);
        // Nothing can have reached the phone: the same attempt goes through the next provider.
        await store.appendEvent(record.id, {
          at: clock.now(),
          kind: 'initiation_failed',
          data: { provider: provider.id, code: 'provider_unavailable', failover: next.id },
        });
        logger.warn('Provider unavailable; failing over', {
          paymentId: record.id,
          from: provider.id,
          to: next.id,
        });
        await mutateRecord(store, record.id, () => ({ provider: next.id }));
        provider = next;
      }
    }
  }

  async function initiateWith(
    record: PaymentRecord,
    provider: ProviderAdapter,
    request: StartRequest,
    callbackToken: string,
  ): Promise<PaymentRecord> {
    const result = await provider.initiate({
      paymentId: record.id,
      amount: record.amount,
      phone: record.phone,
      reference: record.reference,
      description: record.description,
      callbackUrl: callbackUrlFor(provider, callbackToken),
      returnUrl: request.returnUrl,
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
      data: { provider: provider.id, providerRef: result.providerRef, next: result.next.type },
    });
    logger.info('Payment initiated', {
      paymentId: record.id,
      provider: provider.id,
      ...(record.phone ? { phone: maskMsisdn(record.phone) } : {}),
    });
    applier.announce(stored);
    return (await applyEarlyWebhooks(stored, provider.id, result.providerRef)) ?? stored;
  }

  /** A webhook on a fixed route can beat the initiate answer: it waits as unmatched until now. */
  async function applyEarlyWebhooks(
    record: PaymentRecord,
    providerId: string,
    providerRef: string,
  ): Promise<PaymentRecord | undefined> {
    let latest: PaymentRecord | undefined;
    for (const early of await store.unmatchedFor(providerId, providerRef)) {
      if (early.paymentId !== '' || early.status === 'pending') continue;
      latest = await applier.apply(record.id, changeFromUnmatched(early), 'provider');
    }
    return latest;
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
    const providerCode = error instanceof ProviderError ? error.providerCode : undefined;
    await store.appendEvent(record.id, {
      at: now,
      kind: 'initiation_failed',
      data: { code: isLipwaError(error) ? error.code : 'unexpected', ambiguous, reason },
    });
    const level = isLipwaError(error) ? 'warn' : 'error';
    logger[level]('Payment initiation failed', {
      paymentId: record.id,
      provider: provider.id,
      ...(record.phone ? { phone: maskMsisdn(record.phone) } : {}),
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
      { cause: error, ambiguous, reason, details: { retryAfter } },
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
      const request = parseRequest(session, parsed.data);

      limit('session', session.id);
      if (request.phone) limit('phone', request.phone);
      if (context.clientIp) limit('client', context.clientIp);

      const decided = await decideFromHistory(session, request, context.idempotencyKey);
      if (decided) return decided;

      const now = clock.now();
      const callbackToken = newCallbackToken();
      const record: PaymentRecord = {
        id: `pay_${randomUUID().replaceAll('-', '')}`,
        sessionId: session.id,
        provider: request.provider.id,
        status: 'pending',
        amount: session.amount,
        reference: session.reference,
        description: session.description,
        phone: request.phone,
        callbackTokenHash: hashCallbackToken(callbackToken),
        idempotencyKey: context.idempotencyKey,
        idempotencyFingerprint: context.idempotencyKey ? request.fingerprint : undefined,
        createdAt: now,
        updatedAt: now,
        promptExpiresAt: now + config.reconcile.promptTimeoutMs,
        nextQueryAt: now + config.reconcile.firstQueryAfterMs,
        queryCount: 0,
        version: 1,
      };
      const creation = await store.createAttempt(record);
      if (!creation.created) {
        if (creation.record.status === 'completed') throw sessionPaid();
        return resume(session, creation.record);
      }
      const running = initiate(session, creation.record, request, callbackToken);
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
