/**
 * Asking the provider to start an attempt: the audit events, failover to the next STK method when
 * nothing can have reached the phone, storing what the provider answered, applying a webhook that
 * beat the answer, and marking a failed initiation `failed` with its cooldown (never left pending).
 */
import {
  type CheckoutSession,
  callbackRoutes,
  isLipwaError,
  type LipwaError,
  maskMsisdn,
  type ProviderAdapter,
  ProviderError,
} from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { retryAfterFailedInitiation, secondsUntil } from './attempt-cooldown.js';
import { mayFailOver, nextStkProvider } from './failover.js';
import {
  failureReasonOf,
  initiationFailureAnswer,
  providerAnswerOf,
} from './initiation-failure.js';
import { mutateRecord } from './mutate-record.js';
import type { StartRequest } from './start-request.js';
import type { StatusApplier } from './status-applier.js';
import { changeFromUnmatched } from './status-change.js';

export interface InitiationDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly publicUrl: string;
  readonly failover: boolean;
  readonly attemptCooldownMs: number;
  readonly reconcile: { readonly promptTimeoutMs: number };
  readonly applier: StatusApplier;
}

export interface Initiation {
  /** Resolves with the initiated record, or rejects with the error to answer (attempt failed). */
  initiate(
    session: CheckoutSession,
    record: PaymentRecord,
    request: StartRequest,
    callbackToken: string,
  ): Promise<PaymentRecord>;
}

/** Phones in stored audit data are masked (logs are masked by the logger); redirect methods have none. */
function maskedPhone(record: PaymentRecord): { phone?: string } {
  return record.phone ? { phone: maskMsisdn(record.phone) } : {};
}

/** The callback URL this provider is told: per payment (with the token) or its fixed route. */
export function callbackUrlFor(
  publicUrl: string,
  provider: ProviderAdapter,
  callbackToken: string,
): string {
  return provider.callbackRoute === 'fixed'
    ? `${publicUrl}${callbackRoutes.fixed(provider.id)}`
    : `${publicUrl}${callbackRoutes.perPayment(provider.id, callbackToken)}`;
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createInitiation(deps: InitiationDeps): Initiation {
  const { store, clock, logger, applier } = deps;

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
      data: { provider: provider.id, ...maskedPhone(record) },
    });
    for (;;) {
      try {
        return await initiateWith(record, provider, request, callbackToken);
      } catch (error) {
        const next = mayFailOver(deps.failover, error)
          ? nextStkProvider(session, provider, deps.providers)
          : undefined;
        if (!next) throw await failInitiation(record, provider, error);
        await failOver(record, provider, next);
        provider = next;
      }
    }
  }

  /** Nothing can have reached the phone: the same attempt goes through the next provider. */
  async function failOver(
    record: PaymentRecord,
    from: ProviderAdapter,
    to: ProviderAdapter,
  ): Promise<void> {
    await store.appendEvent(record.id, {
      at: clock.now(),
      kind: 'initiation_failed',
      data: { provider: from.id, code: 'provider_unavailable', failover: to.id },
    });
    logger.warn(
      {
        paymentId: record.id,
        from: from.id,
        to: to.id,
      },
      'Provider unavailable; failing over',
    );
    await mutateRecord(store, record.id, () => ({ provider: to.id }));
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
      callbackUrl: callbackUrlFor(deps.publicUrl, provider, callbackToken),
      returnUrl: request.returnUrl,
    });
    const now = clock.now();
    const promptMs = result.promptTimeoutMs ?? deps.reconcile.promptTimeoutMs;
    // One store change: the provider's answer and its `initiated` event. `record` is what we
    // created; a callback that beat this answer only costs one compare-and-set retry.
    const mutation = await mutateRecord(
      store,
      record.id,
      () => ({
        providerRef: result.providerRef,
        next: result.next,
        promptExpiresAt: now + promptMs,
        updatedAt: now,
        ...(result.providerData ? { providerData: result.providerData } : {}),
      }),
      {
        known: record,
        eventsFor: () => [
          {
            at: now,
            kind: 'initiated',
            data: {
              provider: provider.id,
              providerRef: result.providerRef,
              next: result.next.type,
            },
          },
        ],
      },
    );
    const stored = mutation?.after ?? mutation?.before ?? record;
    logger.info(
      {
        paymentId: record.id,
        provider: provider.id,
        phone: record.phone, // masked by the logger's redaction
      },
      'Payment initiated',
    );
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
    const retryAt = retryAfterFailedInitiation(now, ambiguous, {
      attemptCooldownMs: deps.attemptCooldownMs,
      promptTimeoutMs: deps.reconcile.promptTimeoutMs,
    });
    const providerCode = error instanceof ProviderError ? error.providerCode : undefined;
    // The provider's own words, kept for support: the customer and the log get the code only.
    const answer = providerAnswerOf(error);
    await store.appendEvent(record.id, {
      at: now,
      kind: 'initiation_failed',
      data: {
        code: isLipwaError(error) ? error.code : 'unexpected',
        ambiguous,
        reason,
        ...(answer === undefined ? {} : { answer }),
      },
    });
    const level = isLipwaError(error) ? 'warn' : 'error';
    logger[level](
      {
        paymentId: record.id,
        provider: provider.id,
        phone: record.phone, // masked by the logger's redaction
        ambiguous,
        error,
      },
      'Payment initiation failed',
    );
    await applier.apply(record.id, { status: 'failed', reason, providerCode }, 'server', {
      retryAfter: retryAt,
      initiationAmbiguous: ambiguous,
    });
    return initiationFailureAnswer(error, {
      ambiguous,
      reason,
      retryAfter: secondsUntil(retryAt, now),
    });
  }

  return { initiate };
}
