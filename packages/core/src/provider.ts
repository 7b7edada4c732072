/**
 * The contract every provider adapter implements. The server depends on this, never on a
 * concrete provider. Adapters own auth, signing, wire formats, retries and the mapping of the
 * provider's codes to the canonical status and reason.
 */

import type { Money } from './money.js';
import type { ProviderPayouts, ProviderReversals } from './money-out.js';
import type { Msisdn } from './msisdn.js';
import type { FailureReason, PaymentStatus } from './payment-status.js';

/**
 * What an adapter can do; the server acts on these. `stk` needs the customer's phone; `redirect`
 * sends the customer to a hosted page (a return URL is required); without `query` the reconciler
 * never polls the provider and the attempt expires at our deadline unless a callback settles it.
 */
export type Capability =
  | 'stk'
  | 'redirect'
  | 'query'
  | 'reversal'
  | 'payout'
  | 'balance'
  | 'refund';

/**
 * How the provider reaches us. `per-payment`: it takes a callback URL with every request, and the
 * URL carries an unguessable per-payment token (`POST /callbacks/:provider/:token`). `fixed`: the
 * merchant registers one URL in the provider's dashboard (`POST /callbacks/:provider`); the
 * adapter verifies the signature and the server finds the payment by provider reference.
 */
export type CallbackRoute = 'per-payment' | 'fixed';

export type ProviderTarget = 'production' | 'sandbox' | 'simulator';

export interface InitiateRequest {
  /** Lipwa's payment id: stable across retries, usable as the provider's idempotency key. */
  readonly paymentId: string;
  readonly amount: Money;
  /** The customer's number; always present for `stk` providers, absent where the method does not need it. */
  readonly phone?: Msisdn | undefined;
  /** The merchant's reference; adapters shorten or refuse it per their provider's limits. */
  readonly reference: string;
  readonly description?: string | undefined;
  /**
   * Where the provider must POST its callback. For `per-payment` adapters it carries an
   * unguessable per-payment token; for `fixed` ones it is the route registered in the dashboard.
   */
  readonly callbackUrl: string;
  /** Redirect methods: where the provider sends the customer back (the merchant's page). */
  readonly returnUrl?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

export type InitiateNext =
  | { readonly type: 'stk' }
  | { readonly type: 'redirect'; readonly url: string };

export interface InitiateResult {
  /** The provider's id for this attempt (Daraja's CheckoutRequestID): callbacks and queries are matched on it. */
  readonly providerRef: string;
  readonly next: InitiateNext;
  /** How long the provider keeps the prompt open, when it says so. */
  readonly promptTimeoutMs?: number | undefined;
  /** Opaque provider data the server stores and hands back (e.g. MerchantRequestID). */
  readonly providerData?: Readonly<Record<string, string>> | undefined;
}

/** One canonical fact a provider told us about one payment. */
export interface StatusUpdate {
  readonly providerRef: string;
  readonly status: PaymentStatus;
  readonly reason?: FailureReason | undefined;
  /** The provider's raw result code, as text. */
  readonly providerCode?: string | undefined;
  readonly message?: string | undefined;
  readonly receipt?: string | undefined;
  /** The amount the provider reports as paid; compared with the payment's before marking it paid. */
  readonly amount?: Money | undefined;
  /** As the provider reported it (possibly masked); never logged unmasked. */
  readonly phone?: string | undefined;
  readonly paidAt?: string | undefined;
}

export interface CallbackInput {
  /** The HTTP method the provider used (`POST` for all five today). */
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  readonly rawBody: string;
  /** The query string, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Route parameters (`provider`, and `token` on per-payment routes); the token is already checked by the server. */
  readonly params: Readonly<Record<string, string>>;
  /** The client address as Express sees it (`req.ip`, so `trust proxy` is honoured). */
  readonly remoteAddress?: string | undefined;
}

export interface CallbackResult {
  readonly updates: readonly StatusUpdate[];
  /** What to answer the provider so it stops retrying. */
  readonly response: { readonly status: number; readonly body: unknown };
}

export interface ProviderAdapter {
  readonly id: string;
  /** A name for people: the widget's method picker and the redirect button show it. */
  readonly displayName?: string | undefined;
  readonly capabilities: ReadonlySet<Capability>;
  /** How callbacks reach the kit; default `per-payment`. */
  readonly callbackRoute?: CallbackRoute | undefined;
  /**
   * Where the adapter sends money requests: the provider's `production` or `sandbox` hosts, or a
   * `simulator` (any other base URL). The kit refuses a simulator in production unless opted in.
   */
  readonly target: ProviderTarget;
  /** Currencies the account can take (e.g. CashPay's account currency); absent means any. */
  readonly currencies?: ReadonlySet<string> | undefined;
  /** Asks the provider to collect. Throws `ProviderError` (codes `provider_unavailable`, `provider_rejected`, …) or `ValidationError`. */
  initiate(request: InitiateRequest): Promise<InitiateResult>;
  /** Asks the provider where a payment stands. Returns status `pending` while it is undecided. Absent when the provider has no query. */
  query?(providerRef: string, options?: { signal?: AbortSignal }): Promise<StatusUpdate>;
  /**
   * Verifies and parses a callback (signature, source, schema; a body it cannot trust is
   * confirmed with the provider). Throws `CallbackError` on anything forged or malformed.
   */
  verifyCallback(input: CallbackInput): Promise<CallbackResult>;
  /** Reverses a completed payment (the kit's refunds); present exactly when `reversal` is declared. */
  readonly reversals?: ProviderReversals | undefined;
  /** Pays a phone (B2C, the kit's payouts); present exactly when `payout` is declared. */
  readonly payouts?: ProviderPayouts | undefined;
}

/** A clock adapters and the server read instead of `Date.now()`, so tests control time. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
