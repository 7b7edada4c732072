/**
 * `LipwaOptions` are parsed once into a frozen `LipwaConfig`: the shape, ranges and defaults by
 * one zod schema (`options-schema.ts`, which refuses unknown keys with a "did you mean"), then the
 * rules that need more than the shape. Fatal mistakes throw at start-up with a message that says
 * how to fix them. The option and config types themselves are in `lipwa-options.ts`.
 */

import { randomBytes } from 'node:crypto';
import { ConfigError, moneyOutMismatches, type ProviderAdapter, systemClock } from '@lipwa/core';
import { createMemoryEventBus } from './buses/event-bus.js';
import { createMemoryLimitStore } from './limits/memory-limit-store.js';
import type { LipwaConfig, LipwaOptions } from './lipwa-options.js';
import { createConsoleLogger, type Logger, redactingLogger } from './logger.js';
import { type ParsedOptions, readOptions } from './options-schema.js';
import { createMemoryPayoutStore } from './payouts/payout-store.js';
import { createMemoryStore } from './stores/memory-store.js';
import { hasOutbox } from './webhooks/webhook-delivery.js';
import { toWebhooksConfig } from './webhooks/webhook-options.js';

export type {
  LipwaConfig,
  LipwaOptions,
  PaymentFinalEvent,
  PaymentReviewEvent,
} from './lipwa-options.js';

const MIN_SECRET_BYTES = 32;

function fail(message: string): never {
  throw new ConfigError(message);
}

function parseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    fail(
      `createLipwa: allowedOrigins has "${origin}", which is not a URL. Use e.g. "https://shop.example".`,
    );
  }
  if (url.origin !== origin.replace(/\/$/, '')) {
    fail(
      `createLipwa: allowedOrigins entries are bare origins (scheme, host, port), like "${url.origin}", got "${origin}".`,
    );
  }
  return url.origin;
}

function parsePublicUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    fail(
      `createLipwa: publicUrl must be the absolute URL where the router is mounted, e.g. "https://shop.example/lipwa", got "${publicUrl}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`createLipwa: publicUrl must be http(s), got "${publicUrl}".`);
  }
  return url.href.replace(/\/+$/, '');
}

function parseSecret(
  secret: string | Uint8Array | undefined,
  environment: 'production' | 'development',
  logger: Logger,
): Uint8Array {
  if (secret === undefined) {
    if (environment === 'production') {
      fail(
        'createLipwa: tokens.secret is required in production. Set it to at least 32 random bytes, e.g. the output of `openssl rand -base64 48`, from an environment variable.',
      );
    }
    logger.warn(
      'No tokens.secret configured: using a random key for this process (development only). Sessions will not survive a restart or work across instances.',
    );
    return new Uint8Array(randomBytes(MIN_SECRET_BYTES));
  }
  const key =
    typeof secret === 'string' ? new TextEncoder().encode(secret) : new Uint8Array(secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    fail(
      `createLipwa: tokens.secret must be at least ${MIN_SECRET_BYTES} bytes (got ${key.byteLength}). Generate one with \`openssl rand -base64 48\`.`,
    );
  }
  return key;
}

/** Keys being rotated out: each as long as a signing key, none reusing the signing `kid`. */
function previousKeys(
  previous: readonly { kid: string; secret: string | Uint8Array }[],
  signingKid: string,
): { kid: string; key: Uint8Array }[] {
  const kids = new Set([signingKid]);
  return previous.map(({ kid, secret }) => {
    if (kids.has(kid)) {
      fail(
        `createLipwa: tokens.previous names kid "${kid}" twice (or the signing kid); each key needs its own kid.`,
      );
    }
    kids.add(kid);
    const key =
      typeof secret === 'string' ? new TextEncoder().encode(secret) : new Uint8Array(secret);
    if (key.byteLength < MIN_SECRET_BYTES) {
      fail(
        `createLipwa: tokens.previous "${kid}" secret must be at least ${MIN_SECRET_BYTES} bytes (got ${key.byteLength}).`,
      );
    }
    return { kid, key };
  });
}

/** `provider` (deprecated, warned about once) and `providers`, by id, each id once. */
function providerMap(parsed: ParsedOptions, logger: Logger): Map<string, ProviderAdapter> {
  if (parsed.provider !== undefined) {
    logger.warn(
      { deprecation: 'LIPWA_DEP_PROVIDER_OPTION' },
      'createLipwa: the `provider` option is deprecated and will be removed in 0.3; pass `providers: [adapter]` instead.',
    );
  }
  const adapters = [...(parsed.provider ? [parsed.provider] : []), ...(parsed.providers ?? [])];
  if (adapters.length === 0) {
    fail(
      'createLipwa: pass a provider adapter in `providers`, e.g. `providers: [daraja({ ... })]`.',
    );
  }
  const providers = new Map<string, ProviderAdapter>();
  for (const adapter of adapters) {
    if (typeof adapter.id !== 'string' || !/^[a-z0-9-]+$/.test(adapter.id)) {
      fail(
        `createLipwa: provider id "${String(adapter.id)}" must be lower-case letters, digits or dashes.`,
      );
    }
    if (providers.has(adapter.id))
      fail(`createLipwa: provider "${adapter.id}" is configured twice.`);
    // A refund or payout must never meet a capability the adapter cannot honour.
    const mismatches = moneyOutMismatches(adapter);
    if (mismatches.length > 0) fail(`createLipwa: ${mismatches.join('; ')}.`);
    providers.set(adapter.id, adapter);
  }
  return providers;
}

/**
 * A simulator settles payments that no one paid, and its control API and virtual phone are open
 * to whoever reaches them: in production it runs only when the merchant says so, loudly.
 */
function checkSimulators(
  adapters: Iterable<ProviderAdapter>,
  environment: 'production' | 'development',
  allowed: boolean,
  logger: Logger,
): void {
  const simulated = [...adapters].filter((adapter) => adapter.target === 'simulator');
  if (environment !== 'production' || simulated.length === 0) return;
  const ids = simulated.map((adapter) => adapter.id).join(', ');
  if (!allowed) {
    fail(
      `createLipwa: provider ${ids} points at a simulator, not the provider's production or sandbox hosts, and environment is production. Configure the real provider, or pass allowSimulatorInProduction: true for a demo that takes no real money.`,
    );
  }
  logger.error(
    { providers: simulated.map((adapter) => adapter.id) },
    `SIMULATOR IN PRODUCTION: provider ${ids} is a simulator (allowSimulatorInProduction is set). Payments it settles move no money; do not take real orders.`,
  );
}

/** The memory store is the default; in production it loses every pending payment on restart. */
function warnAboutMemoryStore(parsed: ParsedOptions, environment: string, logger: Logger): void {
  if (parsed.store !== undefined || environment !== 'production') return;
  logger.warn(
    'createLipwa: no store given, so payments are kept in memory: pending payments would be lost on restart (and are not shared between instances). Pass store: createPostgresStore(...) from @lipwa/server/postgres, or createFileStore(...) from @lipwa/server/file-store for one process.',
  );
}

function environmentOf(parsed: ParsedOptions): 'production' | 'development' {
  return (
    parsed.environment ?? (process.env.NODE_ENV === 'production' ? 'production' : 'development')
  );
}

export function parseOptions(options: LipwaOptions): LipwaConfig {
  const parsed = readOptions(options);
  const logger = redactingLogger(parsed.logger ?? createConsoleLogger());
  const environment = environmentOf(parsed);
  const providers = providerMap(parsed, logger);
  checkSimulators(providers.values(), environment, parsed.allowSimulatorInProduction, logger);
  const publicUrl = parsePublicUrl(parsed.publicUrl);
  const allowedOrigins = new Set(parsed.allowedOrigins.map(parseOrigin));
  const bus =
    parsed.bus ??
    createMemoryEventBus({
      onListenerError: (error) => logger.error({ error }, 'A status listener threw'),
    });
  const { secret, previous, ...tokens } = parsed.tokens;
  const clock = parsed.clock ?? systemClock;
  warnAboutMemoryStore(parsed, environment, logger);
  const store = parsed.store ?? createMemoryStore();
  const webhooks = parsed.webhooks ? toWebhooksConfig(parsed.webhooks, environment) : undefined;
  if (webhooks && !hasOutbox(store)) {
    throw new ConfigError(
      'createLipwa: webhooks need a store with an outbox (leaseDeliveries, updateDelivery, getDelivery, listDeliveries); the memory, file and PostgreSQL stores have one.',
    );
  }

  return Object.freeze({
    providers,
    providerIds: Object.freeze([...providers.keys()]),
    publicUrl,
    merchantName: parsed.merchantName.trim(),
    allowedOrigins,
    tokens: Object.freeze({
      ...tokens,
      key: parseSecret(secret, environment, logger),
      previous: previousKeys(previous, tokens.kid),
    }),
    store,
    webhooks,
    bus,
    resolveSession: parsed.resolveSession,
    onPaymentFinal: parsed.hooks.onPaymentFinal,
    onPaymentReview: parsed.hooks.onPaymentReview,
    onUnmatchedPayment: parsed.hooks.onUnmatchedPayment,
    failover: parsed.failover,
    resultsToken: parsed.resultsToken,
    payoutStore: parsed.payoutStore ?? createMemoryPayoutStore(),
    callbackTokenGraceMs: parsed.callbacks.tokenGraceMs,
    reconcile: Object.freeze({ ...parsed.reconcile }),
    attemptCooldownMs: parsed.attemptCooldownMs,
    rateLimit: Object.freeze({
      ...parsed.rateLimit,
      phoneWindows: Object.freeze(parsed.rateLimit.phoneWindows.map((w) => Object.freeze(w))),
      store: parsed.rateLimit.store ?? createMemoryLimitStore({ clock }),
    }),
    hsts: parsed.hsts ? Object.freeze({ ...parsed.hsts }) : false,
    pingIntervalMs: parsed.stream.pingIntervalMs,
    streamCaps: Object.freeze({
      maxPerSession: parsed.stream.maxPerSession,
      maxPerClient: parsed.stream.maxPerClient,
      maxOpen: parsed.stream.maxOpen,
    }),
    environment,
    clock,
    logger,
  });
}
