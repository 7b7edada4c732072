/**
 * What the server stores for one payment attempt. Records hold the full phone number (a status
 * query needs it) and the hash of the callback token; the public `PaymentView` masks the one and
 * never shows the other.
 */
import type {
  FailureReason,
  Money,
  Msisdn,
  NextAction,
  PaymentStatus,
  TransitionSource,
} from '@lipwa/core';

/**
 * Why the merchant should look at a payment by hand: the provider reported a different amount,
 * money arrived for an attempt that had already failed or been cancelled, or a second success
 * arrived for a reference that is already paid (a refund is needed).
 */
/** `refund_unsettled`: a polled refund the provider had not settled by the review deadline. */
export type ReviewReason =
  | 'amount_mismatch'
  | 'success_after_failure'
  | 'second_success'
  | 'refund_unsettled';

export interface PaymentRecord {
  readonly id: string;
  readonly sessionId: string;
  /** The provider adapter's id. */
  readonly provider: string;
  readonly status: PaymentStatus;
  /** Who decided the current status; `deadline` lets a late provider success still complete it. */
  readonly decidedBy?: TransitionSource | undefined;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
  readonly amount: Money;
  readonly reference: string;
  readonly description?: string | undefined;
  /** Full MSISDN: never log it without `maskMsisdn`. Absent for redirect methods. */
  readonly phone?: Msisdn | undefined;
  readonly providerRef?: string | undefined;
  readonly providerData?: Readonly<Record<string, string>> | undefined;
  readonly next?: NextAction | undefined;
  /** SHA-256 (hex) of the per-payment callback token; the token itself is never stored. */
  readonly callbackTokenHash: string;
  readonly idempotencyKey?: string | undefined;
  /** SHA-256 of the request body the idempotency key was first used with. */
  readonly idempotencyFingerprint?: string | undefined;
  readonly receipt?: string | undefined;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly promptExpiresAt?: number | undefined;
  /** After a failure: when the session may start a new attempt. */
  readonly retryAfter?: number | undefined;
  /** True when initiation timed out: the prompt may have reached the phone anyway. */
  readonly initiationAmbiguous?: boolean | undefined;
  readonly lastCallbackAt?: number | undefined;
  /** When the reconciler should next ask the provider. */
  readonly nextQueryAt?: number | undefined;
  readonly queryCount: number;
  readonly review?: ReviewReason | undefined;
  readonly reportedAmount?: Money | undefined;
  /** Compare-and-set counter: every stored change increments it. */
  readonly version: number;
}

/** Fields a store update may change (never the identity, the version or the creation time). */
export type PaymentPatch = Partial<
  Omit<PaymentRecord, 'id' | 'sessionId' | 'createdAt' | 'version' | 'callbackTokenHash'>
>;

export type PaymentEventKind =
  | 'created'
  | 'initiated'
  | 'initiation_failed'
  | 'callback'
  | 'query'
  | 'transition'
  | 'duplicate'
  | 'rejected'
  | 'review'
  | 'late_callback'
  | 'refund_requested'
  | 'refund_failed';

/** One line of a payment's audit trail. `data` holds safe facts only (no secrets, masked phones). */
export interface PaymentEvent {
  readonly at: number;
  readonly kind: PaymentEventKind;
  readonly data?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A verified callback update no payment could take: it named a provider reference other than its
 * payment's, or (on a fixed route) one no payment has yet. Kept, not applied; a payment whose
 * initiation later learns that reference applies it then (a webhook can beat the initiate answer).
 */
export interface UnmatchedCallback {
  readonly at: number;
  readonly provider: string;
  /** The payment whose URL token the callback carried; empty on a fixed route. */
  readonly paymentId: string;
  readonly providerRef: string;
  readonly status: PaymentStatus;
  readonly providerCode?: string | undefined;
  /** What the update said about money, so it can still be applied when its payment appears. */
  readonly reason?: FailureReason | undefined;
  readonly receipt?: string | undefined;
  readonly amount?: Money | undefined;
}
