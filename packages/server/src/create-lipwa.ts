/**
 * `createLipwa(options)`: parses the options once and wires the kit together: session tokens,
 * the payment rules, callbacks, the reconciler, the event bus and the Express router.
 */
import type {
  CheckoutSession,
  CreateSessionInput,
  PaymentView,
  StartPaymentBody,
} from '@lipwa/core';
import type { Router } from 'express';
import { createRouter } from './http/router.js';
import { createSessionAccess } from './http/session-access.js';
import { type LipwaOptions, parseOptions } from './options.js';
import { type CallbackRequest, createCallbackHandlers } from './payments/callback-handler.js';
import { createPaymentStarter, type StartContext } from './payments/payment-starter.js';
import { toPaymentView } from './payments/payment-view.js';
import { createReconciler } from './payments/reconciler.js';
import { createStatusApplier } from './payments/status-applier.js';
import { createSessionTokens } from './sessions/session-tokens.js';
import type { PaymentRecord } from './stores/payment-record.js';

export interface Lipwa {
  /** Mints a checkout session token for the amount and reference your server decided. */
  createSession(input: CreateSessionInput): Promise<{ token: string; session: CheckoutSession }>;
  /** Throws `SessionError` `invalid_session`, `session_expired` or `origin_not_allowed`. */
  readSession(token: string, origin?: string): Promise<CheckoutSession>;
  startPayment(
    token: string,
    body: StartPaymentBody,
    context?: StartContext,
  ): Promise<{ payment: PaymentView; created: boolean }>;
  /** The stored record, full phone included: server-side use only. */
  getPayment(id: string): Promise<PaymentRecord | undefined>;
  view(record: PaymentRecord): PaymentView;
  subscribe(paymentId: string, listener: (view: PaymentView) => void): () => void;
  /** Throws `CallbackError` (`callback_unauthorized`, or the adapter's) when nothing changed. */
  handleCallback(
    providerId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<{ status: number; body: unknown }>;
  /** A callback on a provider's fixed, dashboard-registered route (`POST /callbacks/:provider`). */
  handleFixedCallback(
    providerId: string,
    input: CallbackRequest,
  ): Promise<{ status: number; body: unknown }>;
  /** One reconciliation pass, for tests and cron. */
  reconcileOnce(): Promise<void>;
  router(): Router;
  /** Starts the reconciler timer (unref'd, so it never keeps the process alive). */
  start(): void;
  /**
   * Stops the reconciler, ends open status streams, waits for work in progress, then closes the
   * bus and the store, whether `createLipwa` made them or was given them (their `close()`, if
   * they have one). Idempotent: later calls return the first call's promise.
   */
  close(): Promise<void>;
}

export function createLipwa(options: LipwaOptions): Lipwa {
  const config = parseOptions(options);
  const { store, logger, bus } = config;
  bus.attach?.({
    logger,
    load: async (id) => {
      const record = await store.get(id);
      return record ? toPaymentView(record) : undefined;
    },
  });
  const tokens = createSessionTokens({
    ...config.tokens,
    merchantName: config.merchantName,
    allowedOrigins: config.allowedOrigins,
    providerIds: config.providerIds,
    acceptsCurrency: (id, currency) => {
      const currencies = config.providers.get(id)?.currencies;
      return currencies === undefined || currencies.has(currency);
    },
    clock: config.clock,
  });
  const sessions = createSessionAccess(tokens, config.allowedOrigins);
  const applier = createStatusApplier({
    store,
    bus,
    clock: config.clock,
    logger,
    attemptCooldownMs: config.attemptCooldownMs,
    onPaymentFinal: config.onPaymentFinal,
    onPaymentReview: config.onPaymentReview,
  });
  const starter = createPaymentStarter(config, sessions, applier);
  const callbacks = createCallbackHandlers(config, applier);
  const reconciler = createReconciler(config, applier, starter.isInitiating);
  const streams = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    try {
      await reconciler.runOnce();
    } catch (error) {
      logger.error('Reconciliation pass failed', { error });
    }
  }

  let closing: Promise<void> | undefined;
  async function closeAll(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    for (const end of [...streams]) end();
    streams.clear();
    await Promise.allSettled([reconciler.idle(), starter.settled()]);
    try {
      await bus.close?.();
    } finally {
      await store.close?.();
    }
  }

  const subscribe = (paymentId: string, listener: (view: PaymentView) => void) =>
    bus.subscribe(paymentId, listener);

  return {
    createSession: (input) => tokens.mint(input),
    readSession: (token, origin) => sessions.read(token, origin),
    startPayment: (token, body, context) => starter.start(token, body, context),
    getPayment: (id) => store.get(id),
    view: toPaymentView,
    subscribe,
    handleCallback: (providerId, token, input) => callbacks.perPayment(providerId, token, input),
    handleFixedCallback: (providerId, input) => callbacks.fixed(providerId, input),
    reconcileOnce: () => reconciler.runOnce(),
    router: () =>
      createRouter({
        allowedOrigins: config.allowedOrigins,
        logger,
        pingIntervalMs: config.pingIntervalMs,
        resolveSession: config.resolveSession,
        createSession: (input) => tokens.mint(input),
        readSession: (token, origin) => sessions.read(token, origin),
        methodsOf: (session) =>
          session.methods.flatMap((id) => {
            const provider = config.providers.get(id);
            if (!provider) return [];
            const flow = provider.capabilities.has('redirect') ? 'redirect' : 'stk';
            return [{ id, name: provider.displayName ?? id, flow } as const];
          }),
        startPayment: (token, body, context) => starter.start(token, body, context),
        getPayment: (id) => store.get(id),
        latestForReference: (reference) => store.latestForReference(reference),
        subscribe,
        callbacks,
        trackStream: (end) => {
          streams.add(end);
          return () => streams.delete(end);
        },
      }),
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), config.reconcile.intervalMs);
      timer.unref();
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
