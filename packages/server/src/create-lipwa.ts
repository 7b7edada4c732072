/**
 * `createLipwa(options)`: parses the options once, wires the kit (`kit-assembly.ts`), and returns
 * the merchant's API (`lipwa.ts`): `sessions`, `payments`, `router()`, `start()`, `close()`, plus
 * the deprecated 0.1 names. The router is built on the kit's internals, never on that surface.
 */

import { LipwaError } from '@lipwa/core';
import { deprecatedNames } from './deprecated-names.js';
import { createDeprecations } from './deprecations.js';
import { requestLimiter } from './http/request-limits.js';
import { createRouter } from './http/router.js';
import { assembleKit, type KitParts } from './kit-assembly.js';
import { type LipwaInternals, registerInternals } from './kit-internals.js';
import { createKitLifecycle, type KitLifecycle } from './kit-lifecycle.js';
import type { Lipwa, LipwaPayments, LipwaSessions } from './lipwa.js';
import { type LipwaConfig, type LipwaOptions, parseOptions } from './options.js';
import { listPayments } from './payments/payment-list.js';
import { toPaymentView } from './payments/payment-view.js';
import { hasOutbox } from './webhooks/webhook-delivery.js';
import { type LipwaWebhooks, webhooksResource } from './webhooks/webhooks-resource.js';

function webhooksFor(config: LipwaConfig, parts: KitParts): LipwaWebhooks {
  const { store } = config;
  if (hasOutbox(store)) {
    return webhooksResource(store, config.clock, () => parts.webhookSender?.kick());
  }
  const refuse = async (): Promise<never> => {
    throw new LipwaError('config_invalid', 'This store keeps no webhook outbox.');
  };
  return { list: refuse, replay: refuse };
}

function internalsFor(config: LipwaConfig, parts: KitParts): LipwaInternals {
  return {
    config,
    readSession: (token, origin) => parts.sessions.read(token, origin),
    startPayment: (token, body, context) => parts.starter.start(token, body, context),
    handleCallback: (providerId, token, input) =>
      parts.callbacks.perPayment(providerId, token, input),
    handleFixedCallback: (providerId, input) => parts.callbacks.fixed(providerId, input),
    subscribe: (paymentId, listener) => config.bus.subscribe(paymentId, listener),
    reconcileOnce: () => parts.reconciler.runOnce(),
    sendWebhooksOnce: async () => (await parts.webhookSender?.runOnce()) ?? 0,
  };
}

function paymentsResource(config: LipwaConfig, parts: KitParts): LipwaPayments {
  return {
    refund: (id) => parts.refunds.refund(id),
    async retrieve(id) {
      const record = typeof id === 'string' ? await config.store.get(id) : undefined;
      if (!record) {
        throw new LipwaError('payment_not_found', `No payment with id ${String(id)}.`);
      }
      return toPaymentView(record);
    },
    list: (params) => listPayments(config.store, params),
  };
}

function routerFor(
  config: LipwaConfig,
  parts: KitParts,
  internals: LipwaInternals,
  lifecycle: KitLifecycle,
) {
  return createRouter({
    allowedOrigins: config.allowedOrigins,
    logger: config.logger,
    hsts: config.hsts,
    pingIntervalMs: config.pingIntervalMs,
    now: () => config.clock.now(),
    streamCaps: config.streamCaps,
    limitRequests: requestLimiter(config.rateLimit.store, {
      windowMs: config.rateLimit.windowMs,
      maxSessionCreates: config.rateLimit.maxSessionCreatesPerClient,
      maxStatusReads: config.rateLimit.maxStatusReadsPerClient,
    }),
    resolveSession: config.resolveSession,
    createSession: (input) => parts.tokens.mint(input),
    readSession: internals.readSession,
    methodsOf: (session) =>
      session.methods.flatMap((id) => {
        const provider = config.providers.get(id);
        if (!provider) return [];
        const flow = provider.capabilities.has('redirect') ? 'redirect' : 'stk';
        return [{ id, name: provider.displayName ?? id, flow } as const];
      }),
    startPayment: (token, body, context) => internals.startPayment(token, body, context),
    getPayment: (id) => config.store.get(id),
    latestForReference: (reference) => config.store.latestForReference(reference),
    subscribe: internals.subscribe,
    callbacks: parts.callbacks,
    manualPayments: parts.manualPayments,
    refunds: parts.refunds,
    payouts: parts.payouts,
    trackStream: lifecycle.trackStream,
  });
}

export function createLipwa(options: LipwaOptions): Lipwa {
  const config = parseOptions(options);
  const parts = assembleKit(config);
  const lifecycle = createKitLifecycle(config, parts);
  const internals = internalsFor(config, parts);
  const sessions: LipwaSessions = { create: (input) => parts.tokens.mint(input) };
  const lipwa: Lipwa = {
    sessions,
    payments: paymentsResource(config, parts),
    webhooks: webhooksFor(config, parts),
    payouts: {
      send: (input) => parts.payouts.send(input),
      retrieve: (id) => parts.payouts.retrieve(id),
    },
    router: () => routerFor(config, parts, internals, lifecycle),
    start: lifecycle.start,
    close: lifecycle.close,
    ...deprecatedNames(internals, sessions, createDeprecations(config.logger)),
  };
  registerInternals(lipwa, internals);
  return lipwa;
}
