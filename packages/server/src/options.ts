/**
 * `LipwaOptions` are parsed once into a frozen `LipwaConfig`: defaults filled, everything
 * checked, and fatal mistakes thrown at start-up with a message that says how to fix them.
 */
import { randomBytes } from 'node:crypto';
import {
  type Clock,
  ConfigError,
  type CreateSessionInput,
  type Money,
  type PaymentStatus,
  type PaymentView,
  type ProviderAdapter,
  systemClock,
} from '@lipwa/core';
import type { Request } from 'express';
import { createMemoryEventBus, type EventBus } from './buses/event-bus.js';
import { createConsoleLogger, type Logger } from './logger.js';
import { createMemoryStore } from './stores/memory-store.js';
import type { ReviewReason } from './stores/payment-record.js';
import type { PaymentStore } from './stores/payment-store.js';

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
  provider?: ProviderAdapter;
  providers?: ProviderAdapter[];
  /** Where the router is reachable from the provider, e.g. `https://shop.example/lipwa`. */
  publicUrl: string;
  merchantName: string;
  /** Origins allowed to call the router from a browser (CORS), e.g. `https://shop.example`. */
  allowedOrigins: string[];
  tokens?: {
    secret?: string | Uint8Array;
    kid?: string;
    issuer?: string;
    audience?: string;
    ttlMinutes?: number;
  };
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
  };
  /**
   * When the first of a session's STK methods is unavailable before any prompt could have gone
   * out (`provider_unavailable`, not ambiguous), try the next STK method the session offers.
   * Never after a timeout, when the first may already have prompted the phone. Default false.
   */
  failover?: boolean;
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
  };
  /** Milliseconds between `: ping` comments on a quiet status stream (default 15 000). */
  stream?: { pingIntervalMs?: number };
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
    readonly issuer: string;
    readonly audience: string;
    readonly ttlMinutes: number;
  };
  readonly store: PaymentStore;
  readonly bus: EventBus;
  readonly resolveSession?:
    | ((req: Request) => CreateSessionInput | Promise<CreateSessionInput>)
    | undefined;
  readonly onPaymentFinal?: ((event: PaymentFinalEvent) => void | Promise<void>) | undefined;
  readonly onPaymentReview?: ((event: PaymentReviewEvent) => void | Promise<void>) | undefined;
  readonly failover: boolean;
  readonly callbackTokenGraceMs: number;
  readonly reconcile: {
    readonly firstQueryAfterMs: number;
    readonly maxIntervalMs: number;
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
  };
  readonly pingIntervalMs: number;
  readonly environment: 'production' | 'development';
  readonly clock: Clock;
  readonly logger: Logger;
}

const MIN_SECRET_BYTES = 32;

function fail(message: string): never {
  throw new ConfigError(message);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    fail(
      `createLipwa: ${name} must be a positive number of milliseconds (or counts), got ${value}.`,
    );
  }
  return value;
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

/**
 * A simulator settles payments that no one paid, and its control API and virtual phone are open
 * to whoever reaches them: in production it runs only when the merchant says so, loudly.
 */
function checkSimulators(
  adapters: readonly ProviderAdapter[],
  environment: 'production' | 'development',
  allowed: boolean,
  logger: Logger,
): void {
  const simulated = adapters.filter((adapter) => adapter.target === 'simulator');
  if (environment !== 'production' || simulated.length === 0) return;
  const ids = simulated.map((adapter) => adapter.id).join(', ');
  if (!allowed) {
    fail(
      `createLipwa: provider ${ids} points at a simulator, not the provider's production or sandbox hosts, and environment is production. Configure the real provider, or pass allowSimulatorInProduction: true for a demo that takes no real money.`,
    );
  }
  logger.error(
    `SIMULATOR IN PRODUCTION: provider ${ids} is a simulator (allowSimulatorInProduction is set). Payments it settles move no money; do not take real orders.`,
    { providers: simulated.map((adapter) => adapter.id) },
  );
}

export function parseOptions(options: LipwaOptions): LipwaConfig {
  const logger = options.logger ?? createConsoleLogger();
  const environment =
    options.environment ?? (process.env.NODE_ENV === 'production' ? 'production' : 'development');
  if (environment !== 'production' && environment !== 'development') {
    fail(
      `createLipwa: environment must be "production" or "development", got "${String(environment)}".`,
    );
  }

  const adapters = [...(options.provider ? [options.provider] : []), ...(options.providers ?? [])];
  if (adapters.length === 0) {
    fail('createLipwa: pass a provider adapter, e.g. `provider: daraja({ ... })`.');
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
    providers.set(adapter.id, adapter);
  }
  checkSimulators(adapters, environment, options.allowSimulatorInProduction === true, logger);

  let publicUrl: URL;
  try {
    publicUrl = new URL(options.publicUrl);
  } catch {
    fail(
      `createLipwa: publicUrl must be the absolute URL where the router is mounted, e.g. "https://shop.example/lipwa", got "${options.publicUrl}".`,
    );
  }
  if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:') {
    fail(`createLipwa: publicUrl must be http(s), got "${options.publicUrl}".`);
  }

  if (typeof options.merchantName !== 'string' || options.merchantName.trim() === '') {
    fail('createLipwa: merchantName is required: it is shown to the customer in the widget.');
  }
  if (!Array.isArray(options.allowedOrigins) || options.allowedOrigins.length === 0) {
    fail(
      'createLipwa: allowedOrigins must list the origins of your checkout pages, e.g. ["https://shop.example"].',
    );
  }

  const bus =
    options.bus ??
    createMemoryEventBus({
      onListenerError: (error) => logger.error('A status listener threw', { error }),
    });
  if (typeof bus.publish !== 'function' || typeof bus.subscribe !== 'function') {
    fail(
      'createLipwa: bus must be an EventBus with publish and subscribe, e.g. createPostgresEventBus({ pool }) from @lipwa/server/postgres.',
    );
  }

  const tokens = options.tokens ?? {};
  const ttlMinutes = tokens.ttlMinutes ?? 15;
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > 60) {
    fail(`createLipwa: tokens.ttlMinutes must be a whole number from 1 to 60, got ${ttlMinutes}.`);
  }
  const reconcile = options.reconcile ?? {};
  const rateLimit = options.rateLimit ?? {};

  // The memory store below is the default; in production it loses every pending payment on restart.
  if (options.store === undefined && environment === 'production') {
    logger.warn(
      'createLipwa: no store given, so payments are kept in memory: pending payments would be lost on restart (and are not shared between instances). Pass store: createPostgresStore(...) from @lipwa/server/postgres, or createFileStore(...) from @lipwa/server/file-store for one process.',
    );
  }

  return Object.freeze({
    providers,
    providerIds: Object.freeze([...providers.keys()]),
    publicUrl: publicUrl.href.replace(/\/+$/, ''),
    merchantName: options.merchantName.trim(),
    allowedOrigins: new Set(options.allowedOrigins.map(parseOrigin)),
    tokens: Object.freeze({
      key: parseSecret(tokens.secret, environment, logger),
      kid: tokens.kid ?? 'lipwa-1',
      issuer: tokens.issuer ?? 'lipwa',
      audience: tokens.audience ?? 'lipwa-checkout',
      ttlMinutes,
    }),
    store: options.store ?? createMemoryStore(),
    bus,
    resolveSession: options.resolveSession,
    onPaymentFinal: options.hooks?.onPaymentFinal,
    onPaymentReview: options.hooks?.onPaymentReview,
    failover: options.failover === true,
    callbackTokenGraceMs: positive(
      'callbacks.tokenGraceMs',
      options.callbacks?.tokenGraceMs,
      24 * 60 * 60 * 1000,
    ),
    reconcile: Object.freeze({
      firstQueryAfterMs: positive(
        'reconcile.firstQueryAfterMs',
        reconcile.firstQueryAfterMs,
        20_000,
      ),
      maxIntervalMs: positive('reconcile.maxIntervalMs', reconcile.maxIntervalMs, 30_000),
      promptTimeoutMs: positive('reconcile.promptTimeoutMs', reconcile.promptTimeoutMs, 90_000),
      graceMs: positive('reconcile.graceMs', reconcile.graceMs, 30_000),
      intervalMs: positive('reconcile.intervalMs', reconcile.intervalMs, 1_000),
    }),
    attemptCooldownMs: positive('attemptCooldownMs', options.attemptCooldownMs, 5_000),
    rateLimit: Object.freeze({
      windowMs: positive('rateLimit.windowMs', rateLimit.windowMs, 60_000),
      maxPerSession: positive('rateLimit.maxPerSession', rateLimit.maxPerSession, 10),
      maxPerPhone: positive('rateLimit.maxPerPhone', rateLimit.maxPerPhone, 5),
      maxPerClient: positive('rateLimit.maxPerClient', rateLimit.maxPerClient, 30),
    }),
    pingIntervalMs: positive('stream.pingIntervalMs', options.stream?.pingIntervalMs, 15_000),
    environment,
    clock: options.clock ?? systemClock,
    logger,
  });
}
