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
  };
}

function paymentsResource(config: LipwaConfig): LipwaPayments {
  return {
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
    pingIntervalMs: config.pingIntervalMs,
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
    payments: paymentsResource(config),
    router: () => routerFor(config, parts, internals, lifecycle),
    start: lifecycle.start,
    close: lifecycle.close,
    ...deprecatedNames(internals, sessions, createDeprecations(config.logger)),
  };
  registerInternals(lipwa, internals);
  return lipwa;
}
