/**
 * The contract every provider adapter implements. The server depends on this, never on a
 * concrete provider. Adapters own auth, signing, wire formats, retries and the mapping of the
 * provider's codes to the canonical status and reason.
 */
import type { Money } from './money.js';
import type { Msisdn } from './msisdn.js';
import type { FailureReason, PaymentStatus } from './payment-status.js';

export type Capability =
  | 'stk'
  | 'redirect'
  | 'query'
  | 'reversal'
  | 'payout'
  | 'balance'
  | 'refund';

export interface InitiateRequest {
  /** Lipwa's payment id: stable across retries, usable as the provider's idempotency key. */
  readonly paymentId: string;
  readonly amount: Money;
  readonly phone: Msisdn;
  /** The merchant's reference; adapters shorten or refuse it per their provider's limits. */
  readonly reference: string;
  readonly description?: string | undefined;
  /** Where the provider must POST its callback. Carries an unguessable per-payment token. */
  readonly callbackUrl: string;
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
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  readonly rawBody: string;
  /** Route parameters (e.g. the per-payment token); already checked by the server. */
  readonly params: Readonly<Record<string, string>>;
  readonly remoteAddress?: string | undefined;
}

export interface CallbackResult {
  readonly updates: readonly StatusUpdate[];
  /** What to answer the provider so it stops retrying. */
  readonly response: { readonly status: number; readonly body: unknown };
}

export interface ProviderAdapter {
  readonly id: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** Asks the provider to collect. Throws `ProviderError` (codes `provider_unavailable`, `provider_rejected`, …) or `ValidationError`. */
  initiate(request: InitiateRequest): Promise<InitiateResult>;
  /** Asks the provider where a payment stands. Returns status `pending` while it is undecided. Absent when the provider has no query. */
  query?(providerRef: string, options?: { signal?: AbortSignal }): Promise<StatusUpdate>;
  /** Verifies and parses a callback. Throws `CallbackError` on anything forged or malformed. */
  verifyCallback(input: CallbackInput): Promise<CallbackResult>;
}

/** A clock adapters and the server read instead of `Date.now()`, so tests control time. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
