/**
 * What a provider contract suite needs from one adapter + simulator pair. A fixture starts a
 * world (the simulator over real HTTP, a receiver for its callbacks, an adapter pointed at both)
 * and says how the customer answers and how the provider's callbacks are authenticated; the
 * suite (`describeProviderContract`) then drives every case the same way for every provider.
 */
import type {
  CallbackInput,
  InitiateRequest,
  InitiateResult,
  Money,
  ProviderAdapter,
  StatusUpdate,
} from '@lipwa/core';

/** What happened on the customer's side, in no provider's codes (the simulator's outcomes). */
export type ContractOutcome =
  | 'paid'
  | 'insufficient_funds'
  | 'wrong_pin'
  | 'cancelled'
  | 'no_response';

/** A fault the simulator can inject on this provider (`POST /_control/faults` with `provider`). */
export interface ContractFault {
  readonly operation: 'oauth' | 'stkpush' | 'query' | 'callback';
  readonly kind: 'http' | 'hang' | 'delay' | 'drop' | 'duplicate';
  readonly status?: number;
  readonly delayMs?: number;
  readonly times?: number;
}

/**
 * How the adapter knows a callback is genuine:
 * - `url-token`: the kit checks the per-payment URL token before the adapter runs (Daraja); the
 *   body itself carries no signature, so the adapter only validates its shape.
 * - `signature`: the adapter verifies a signature over the raw body (Cashfin, gateway, payment apps).
 * - `refetch`: the body is never trusted; the adapter fetches the provider's record (CashPay).
 */
export type CallbackAuthentication = 'url-token' | 'signature' | 'refetch';

/** How the suite wants one world built; a fixture honours every member it is given. */
export interface ContractWorldOptions {
  /**
   * The adapter's per-request timeout in milliseconds. The suite asks for a short one (about
   * 200 ms) only where the simulator hangs on purpose; otherwise use a few seconds.
   */
  readonly timeoutMs?: number;
}

export interface ContractWorld {
  /** A fresh adapter talking to the simulator over real HTTP, on the world's clock. */
  readonly adapter: ProviderAdapter;
  /**
   * Builds a valid initiate request for `phone` (amount in the provider's currency, callback and
   * return URLs that reach `received()`), with `overrides` applied last: the suite passes a fresh
   * `paymentId` (`pay_` + 32 hex, as the kit makes them) for every request.
   */
  request(phone: string, overrides?: Partial<InitiateRequest>): InitiateRequest;
  /** Every callback the simulator delivered for this world, as the kit would hand it to `verifyCallback`. */
  received(): CallbackInput[];
  /** Waits until the simulator has no callback delivery in flight. */
  idle(): Promise<void>;
  /** The customer answers the pending request (virtual phone, or the hosted page for redirects). */
  answer(result: InitiateResult, outcome: ContractOutcome): Promise<void>;
  /** Queues a simulator fault on this provider. */
  fault(fault: ContractFault): Promise<void>;
  /** Moves the simulator's and the adapter's clocks forward together (token expiry, timeouts). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface ProviderContractFixture {
  /** The adapter's id, e.g. `cashfin`. */
  readonly provider: string;
  readonly authentication: CallbackAuthentication;
  /** The currency its simulated account takes (KES, or CashPay's YER). */
  readonly currency: string;
  /** Flows the suite exercises: `stk` prompts a phone; `redirect` sends the customer to a hosted page. */
  readonly flow: 'stk' | 'redirect';
  /**
   * Starts a world; the suite starts one per test and closes it after the test. Start the
   * simulator with `autoResolveDelayMs: 0`: the suite lets magic numbers settle with `advance(0)`
   * then `idle()`. Pass `options.timeoutMs` to the adapter when given.
   */
  start(options?: ContractWorldOptions): Promise<ContractWorld>;
  /**
   * A copy of a genuine callback changed so it must be refused: `tamper` alters the body
   * (amount or status) without re-signing; `unsigned` removes or blanks the signature.
   * Return `undefined` for a forgery that does not apply to this provider.
   */
  forge(genuine: CallbackInput, how: 'tamper' | 'unsigned'): CallbackInput | undefined;
  /**
   * A genuine, correctly signed callback about a request this world never made (another
   * merchant's or another payment's id). The adapter accepts it; the kit must not apply it.
   */
  foreign?(world: ContractWorld): Promise<CallbackInput | undefined>;
  /**
   * The outcomes the provider can tell apart, default all. An outcome left out may verify to
   * `failed` with any reason (e.g. a provider with one generic failure code).
   */
  readonly expressible?: readonly ContractOutcome[];
  /**
   * Makes the world's next initiate answer malformed (a 2xx whose body fails the provider's
   * schema, truncated JSON, …) when the simulator has no fault for it. Absent: the case is skipped.
   */
  malformed?(world: ContractWorld): Promise<void>;
  /** The provider reports a receipt (e.g. the M-Pesa code) on success: the suite then requires one. */
  readonly receipts?: boolean;
  /**
   * `false` when the provider's callbacks and status answers carry no amount (the Payment
   * Gateway's): the suite then requires that none is invented, and the kit relies on the amount
   * the signed request fixed. Default `true`: the amount must be reported and equal.
   */
  readonly reportsAmount?: boolean;
  /** The simulator's 429 says how long to wait (`Retry-After`, `retry_after`): the suite then requires `retryAfterMs`. */
  readonly retryAfter?: boolean;
  /** `false` when the adapter authenticates without access tokens: the token-expiry case is skipped. Default `true`. */
  readonly accessTokens?: boolean;
}

/** What the suite expects an outcome to become, canonically. */
export interface ExpectedUpdate {
  readonly status: StatusUpdate['status'];
  readonly reason?: StatusUpdate['reason'];
  readonly amount?: Money;
}
