/**
 * The public shapes of `createLipwa`: the `LipwaOptions` a merchant passes, the frozen
 * `LipwaConfig` they are parsed into (by `options.ts`), and the events the hooks hear. Kept apart
 * from the parsing rules so the types read on their own; `options.ts` re-exports them.
 */

import type {
  Clock,
  CreateSessionInput,
  Money,
  PaymentStatus,
  PaymentView,
  ProviderAdapter,
} from '@lipwa/core';
import type { Request } from 'express';
import type { EventBus } from './buses/event-bus.js';
import type { HstsSettings } from './http/security-headers.js';
import type { LimitStore } from './limits/limit-store.js';
import type { Logger } from './logger.js';
import type { UnmatchedPaymentEvent } from './paybill/manual-payments.js';
import type { PayoutStore } from './payouts/payout-store.js';
import type { ReviewReason } from './stores/payment-record.js';
import type { PaymentStore } from './stores/payment-store.js';
import type { WebhooksConfig, WebhooksOptions } from './webhooks/webhook-options.js';

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
