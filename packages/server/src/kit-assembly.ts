/**
 * Wires the kit's parts from the parsed configuration: session tokens, session access, the
 * status applier, the payment starter, the callback handlers and the reconciler, and hands the
 * bus the kit's logger and a reader of payments.
 */

import { createSessionAccess, type SessionAccess } from './http/session-access.js';
import type { LipwaConfig } from './options.js';
import { createManualPayments, type ManualPaymentHandlers } from './paybill/manual-payments.js';
import { withManualPaymentWebhooks } from './paybill/manual-webhooks.js';
import { type CallbackHandlers, createCallbackHandlers } from './payments/callback-handler.js';
import { createPaymentStarter, type PaymentStarter } from './payments/payment-starter.js';
import { toPaymentView } from './payments/payment-view.js';
import { withPromptBackoff } from './payments/prompt-backoff.js';
import { createReconciler, type Reconciler } from './payments/reconciler.js';
import { createReviewFlagger } from './payments/review.js';
import { createStatusApplier } from './payments/status-applier.js';
import { createPayouts, type Payouts } from './payouts/payouts.js';
import { createRefunds, type Refunds } from './refunds/refunds.js';
import { createSessionTokens, type SessionTokens } from './sessions/session-tokens.js';
import { hasOutbox } from './webhooks/webhook-delivery.js';
import { deliveryPlanner } from './webhooks/webhook-events.js';
import { createWebhookSender, type WebhookSender } from './webhooks/webhook-sender.js';

export interface KitParts {
  readonly tokens: SessionTokens;
  readonly sessions: SessionAccess;
  readonly starter: PaymentStarter;
  readonly callbacks: CallbackHandlers;
  readonly reconciler: Reconciler;
  /** Present when `webhooks` are configured. */
  readonly webhookSender?: WebhookSender | undefined;
  readonly manualPayments: ManualPaymentHandlers;
  readonly refunds: Refunds;
  readonly payouts: Payouts;
}

function webhookSenderFor(config: LipwaConfig): WebhookSender | undefined {
  const { webhooks, store } = config;
  if (!webhooks || !hasOutbox(store)) return undefined;
  return createWebhookSender({
    outbox: store,
    config: webhooks,
    clock: config.clock,
    logger: config.logger,
  });
}

// Longer than ~60 lines on purpose: the whole kit is wired here once, top to bottom, so a reader
// sees every part and what it is given in one place.
export function assembleKit(config: LipwaConfig): KitParts {
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
  const webhookSender = webhookSenderFor(config);
  const planDeliveries = config.webhooks
    ? deliveryPlanner(config.webhooks.endpoints, config.clock)
    : undefined;
  const applier = createStatusApplier({
    store,
    bus,
    clock: config.clock,
    logger,
    attemptCooldownMs: config.attemptCooldownMs,
    onPaymentFinal: withPromptBackoff(
      {
        store,
        limits: config.rateLimit,
        extraPoints: config.rateLimit.backoffPoints,
        logger,
      },
      config.onPaymentFinal,
    ),
    onPaymentReview: config.onPaymentReview,
    planDeliveries,
    onOutboxWritten: webhookSender?.kick,
  });
  const starter = createPaymentStarter(config, sessions, applier);
  const paymentReconciler = createReconciler(config, applier, starter.isInitiating);
  // Review cases found by Paybill matching and refunds reach the merchant's webhooks too, as the
  // applier's do.
  const flagForReview = createReviewFlagger({
    store,
    clock: config.clock,
    logger,
    hooks: config,
    planDeliveries,
    onOutboxWritten: webhookSender?.kick,
  });
  const manualPayments = createManualPayments({ ...config, applier, flagForReview });
  // Payment-apps reports Paybill payments on its fixed webhook route: the matcher sees them first.
  const callbacks = withManualPaymentWebhooks(
    createCallbackHandlers(config, applier),
    manualPayments,
  );
  const refunds = createRefunds({ ...config, applier, flagForReview });
  const payouts = createPayouts(config);
  // One pass settles payments, then refunds and payouts whose providers only answer when asked.
  const reconciler: Reconciler = {
    async runOnce() {
      await paymentReconciler.runOnce();
      await refunds.reconcile();
      await payouts.reconcile();
    },
    idle: () => paymentReconciler.idle(),
  };
  return {
    tokens,
    sessions,
    starter,
    callbacks,
    reconciler,
    webhookSender,
    manualPayments,
    refunds,
    payouts,
  };
}
