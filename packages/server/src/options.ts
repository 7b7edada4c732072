/**
 * `LipwaOptions` are parsed once into a frozen `LipwaConfig`: the shape, ranges and defaults by
 * one zod schema (`options-schema.ts`, which refuses unknown keys with a "did you mean"), then the
 * rules that need more than the shape. Fatal mistakes throw at start-up with a message that says
 * how to fix them.
 */

import { randomBytes } from 'node:crypto';
import {
  type Clock,
  ConfigError,
  type CreateSessionInput,
  type Money,
  moneyOutMismatches,
  type PaymentStatus,
  type PaymentView,
  type ProviderAdapter,
  systemClock,
} from '@lipwa/core';
import type { Request } from 'express';
import { createMemoryEventBus, type EventBus } from './buses/event-bus.js';
import type { HstsSettings } from './http/security-headers.js';
import type { LimitStore } from './limits/limit-store.js';
import { createMemoryLimitStore } from './limits/memory-limit-store.js';
import { createConsoleLogger, type Logger, redactingLogger } from './logger.js';
import { type ParsedOptions, readOptions } from './options-schema.js';
import type { UnmatchedPaymentEvent } from './paybill/manual-payments.js';
import { createMemoryPayoutStore, type PayoutStore } from './payouts/payout-store.js';
import { createMemoryStore } from './stores/memory-store.js';
import type { ReviewReason } from './stores/payment-record.js';
import type { PaymentStore } from './stores/payment-store.js';
import { hasOutbox } from './webhooks/webhook-delivery.js';
import {
  toWebhooksConfig,
  type WebhooksConfig,
  type WebhooksOptions,
} from './webhooks/webhook-options.js';

/**
 * What `onPaymentFinal` hears: once per final status a payment reaches. `status` is always the
 * payment's own status, so `completed` means paid, and nothing else does.
 */
export interface PaymentFinalEvent {
  readonly type: 'payment.final';
  readonly payment: PaymentView;
  readonly reference: string;
  readonly status: PaymentStatus;
}

/**
 * What `onPaymentReview` hears: a case a person must look at, never a payment to ship. The
 * payment's own status is in `payment.status`; `reportedStatus` is what the provider claimed.
 */
export interface PaymentReviewEvent {
  readonly type: 'payment.review';
  readonly payment: PaymentView;
  readonly reference: string;
  readonly review: ReviewReason;
  readonly reportedStatus: PaymentStatus;
  /** The amount the provider reported (with `amount_mismatch`, it differs from the payment's). */
  readonly reportedAmount?: Money | undefined;
  /** The provider's receipt for the money that needs review (to find it for a refund). */
  readonly reportedReceipt?: string | undefined;
}

export interface LipwaOptions {
  /** The provider adapters, in the order a session offers them, e.g. `[daraja({ ... })]`. */
  providers?: ProviderAdapter[];
  /**
   * @deprecated Since 0.2: use `providers: [adapter]`. Still accepted (merged before
   * `providers`) until 0.3, with a warning logged once.
   */
  provider?: ProviderAdapter;
  /** Where the router is reachable from the provider, e.g. `https://shop.example/lipwa`. */
  publicUrl: string;
  merchantName: string;
  /** Origins allowed to call the router from a browser (CORS), e.g. `https://shop.example`. */
  allowedOrigins: string[];
  tokens?: {
    /** Signs every new session token (at least 32 bytes). */
    secret?: string | Uint8Array;
    /** Names the signing key in each token's header; change it when the secret changes. */
    kid?: string;
    /**
     * Keys being rotated out: they verify the tokens they signed, never sign. Keep each for at
     * least one token lifetime (`ttlMinutes`) after its secret stops signing.
     */
    previous?: { kid: string; secret: string | Uint8Array }[];
    issuer?: string;
    audience?: string;
    ttlMinutes?: number;
  };
  /**
   * Where payments are kept. Default: in memory (lost on restart). `lipwa.close()` closes the
   * store you give (its `close()`, if it has one), so close it there, not separately.
   */
  store?: PaymentStore;
  /**
   * Carries status changes to open streams. Default: in-process only. With several instances
   * pass `createPostgresEventBus` (`@lipwa/server/postgres`) or `createRedisEventBus`
   * (`@lipwa/server/redis`); `lipwa.close()` closes it.
   */
  bus?: EventBus;
  resolveSession?: (req: Request) => CreateSessionInput | Promise<CreateSessionInput>;
  hooks?: {
    /** Once per final status (completed, failed, cancelled, expired, reversed). */
    onPaymentFinal?: (event: PaymentFinalEvent) => void | Promise<void>;
    /** Once per payment that needs a person: wrong amount, money after failure, paid twice. */
    onPaymentReview?: (event: PaymentReviewEvent) => void | Promise<void>;
    /** A Paybill/Till payment that matches no checkout: kept by the kit, for a person to resolve. */
    onUnmatchedPayment?: (event: UnmatchedPaymentEvent) => void | Promise<void>;
  };
  /**
   * Signed merchant webhooks (Standard Webhooks) from a durable outbox, retried for 72 h: see
   * the README's "Webhooks". The store must keep an outbox (memory, file and PostgreSQL do).
   */
  webhooks?: WebhooksOptions;
  /**
   * When the first of a session's STK methods is unavailable before any prompt could have gone
   * out (`provider_unavailable`, not ambiguous), try the next STK method the session offers.
   * Never after a timeout, when the first may already have prompted the phone. Default false.
   */
  failover?: boolean;
  /**
   * The secret path segment that async provider results (refunds, payouts) arrive with. For
   * Daraja it must be the `callbackToken` you gave `daraja()`. Required for refunds and payouts.
   */
  resultsToken?: string;
  /** Where `lipwa.payouts.send` keeps payouts; default in memory (development only). */
  payoutStore?: PayoutStore;
  /**
   * Per-payment callback URLs stay valid for the payment's life plus this grace (default 24 h):
   * a callback after that is acknowledged, recorded and changes nothing.
   */
  callbacks?: { tokenGraceMs?: number };
  /**
   * Lets a simulator provider (an adapter whose `target` is `simulator`) run with
   * `environment: 'production'`. Off by default: a simulator there settles payments no one paid.
   */
  allowSimulatorInProduction?: boolean;
  reconcile?: {
    firstQueryAfterMs?: number;
    maxIntervalMs?: number;
    /**
     * A refund or payout the provider is asked about (`results: 'poll'`) and still has not
     * settled this long after the request is marked for review (default 24 h): never failed,
     * never sent again, and no longer asked about.
     */
    moneyOutReviewAfterMs?: number;
    promptTimeoutMs?: number;
    graceMs?: number;
    intervalMs?: number;
  };
  attemptCooldownMs?: number;
  rateLimit?: {
    windowMs?: number;
    maxPerSession?: number;
    maxPerPhone?: number;
    maxPerClient?: number;
    /** Extra phone points a cancelled or unanswered prompt costs (default 1; 0 turns it off). */
    backoffPoints?: number;
    /** `POST /sessions` per client address per `windowMs` (default 20). */
    maxSessionCreatesPerClient?: number;
    /** Status reads and stream opens per client address per `windowMs` (default 300). */
    maxStatusReadsPerClient?: number;
    /** Longer per-phone windows (default 3 per 10 minutes and 10 per day). */
    phoneWindows?: readonly { max: number; windowMs: number }[];
    /** Where counts live; share one Redis/PostgreSQL store across instances (default memory). */
    store?: LimitStore;
  };
  /**
   * `Strict-Transport-Security` on the router's answers, for a site served only over HTTPS
   * (default off). E.g. `{ maxAgeSeconds: 31536000, includeSubDomains: true }`.
   */
  hsts?: false | { maxAgeSeconds?: number; includeSubDomains?: boolean; preload?: boolean };
  /** Milliseconds between `: ping` comments on a quiet status stream (default 15 000). */
  stream?: {
    pingIntervalMs?: number;
    /** Open status streams per session (3), per client address (20) and per process (1 000). */
    maxPerSession?: number;
    maxPerClient?: number;
    maxOpen?: number;
  };
  environment?: 'production' | 'development';
  clock?: Clock;
  logger?: Logger;
}

export interface LipwaConfig {
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly providerIds: readonly string[];
  readonly publicUrl: string;
  readonly merchantName: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly tokens: {
    readonly key: Uint8Array;
    readonly kid: string;
    readonly previous: readonly { readonly kid: string; readonly key: Uint8Array }[];
    readonly issuer: string;
    readonly audience: string;
    readonly ttlMinutes: number;
  };
  readonly store: PaymentStore;
  readonly webhooks?: WebhooksConfig | undefined;
  readonly bus: EventBus;
  readonly resolveSession?:
    | ((req: Request) => CreateSessionInput | Promise<CreateSessionInput>)
    | undefined;
  readonly onPaymentFinal?: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined;
  readonly onPaymentReview?: ((event: PaymentReviewEvent) => void | Promise<void>) | undefined;
  readonly onUnmatchedPayment?:
    | ((event: UnmatchedPaymentEvent) => void | Promise<void>)
    | undefined;
  readonly failover: boolean;
  readonly resultsToken?: string | undefined;
  readonly payoutStore: PayoutStore;
  readonly callbackTokenGraceMs: number;
  readonly reconcile: {
    readonly firstQueryAfterMs: number;
    readonly maxIntervalMs: number;
    readonly moneyOutReviewAfterMs: number;
    readonly promptTimeoutMs: number;
    readonly graceMs: number;
    readonly intervalMs: number;
  };
  readonly attemptCooldownMs: number;
  readonly rateLimit: {
    readonly windowMs: number;
    readonly maxPerSession: number;
    readonly maxPerPhone: number;
    readonly maxPerClient: number;
    readonly maxSessionCreatesPerClient: number;
    readonly backoffPoints: number;
    readonly maxStatusReadsPerClient: number;
    readonly phoneWindows: readonly { readonly max: number; readonly windowMs: number }[];
    readonly store: LimitStore;
  };
  readonly hsts: HstsSettings | false;
  readonly pingIntervalMs: number;
  readonly streamCaps: {
    readonly maxPerSession: number;
    readonly maxPerClient: number;
    readonly maxOpen: number;
  };
  readonly environment: 'production' | 'development';
  readonly clock: Clock;
  readonly logger: Logger;
}

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
