/**
 * The canonical payment model. Every provider's codes map into these statuses and reasons in
 * one table per adapter. The state machine is data: a transitions table and a pure
 * `transition()`.
 */
import { LipwaError } from './errors.js';

export const PaymentStatus = {
  Pending: 'pending',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Expired: 'expired',
  Reversed: 'reversed',
} as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];
// Pure: a bundle that uses none of these lists drops them (the widget's script tag).
export const paymentStatuses = /* @__PURE__ */ Object.values(
  PaymentStatus,
) as readonly PaymentStatus[];

export const FailureReason = {
  InsufficientFunds: 'insufficient_funds',
  WrongPin: 'wrong_pin',
  SubscriberBusy: 'subscriber_busy',
  InvalidPhone: 'invalid_phone',
  LimitExceeded: 'limit_exceeded',
  AmountTooSmall: 'amount_too_small',
  AmountTooLarge: 'amount_too_large',
  DuplicateRequest: 'duplicate_request',
  CancelledByUser: 'cancelled_by_user',
  NoResponse: 'no_response',
  PromptFailed: 'prompt_failed',
  NotPermitted: 'not_permitted',
  AccountLocked: 'account_locked',
  AmountMismatch: 'amount_mismatch',
  ProviderError: 'provider_error',
  Unknown: 'unknown',
} as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];
export const failureReasons = /* @__PURE__ */ Object.values(
  FailureReason,
) as readonly FailureReason[];

/** Statuses that end a payment (only the exceptions below may still move). */
export const finalStatuses: ReadonlySet<PaymentStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
  'expired',
  'reversed',
]);

export function isFinal(status: PaymentStatus): boolean {
  return finalStatuses.has(status);
}

/**
 * Where each status may go. `expired -> completed` exists only for expiries we decided
 * ourselves (our deadline passed, no provider verdict): a late success still completes the
 * payment so no money is lost. `completed -> reversed` is server-side only.
 */
export const transitions: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['completed', 'failed', 'cancelled', 'expired'],
  completed: ['reversed'],
  failed: [],
  cancelled: [],
  expired: ['completed'],
  reversed: [],
};

export type TransitionSource = 'provider' | 'deadline' | 'server';

/** The part of a payment the state machine reads. */
export interface PaymentState {
  readonly status: PaymentStatus;
  /** Who decided the current status: an `expired` set by our own deadline is `deadline`. */
  readonly decidedBy?: TransitionSource | undefined;
}

export interface TransitionRequest {
  readonly to: PaymentStatus;
  readonly source: TransitionSource;
}

export type TransitionOutcome =
  | { readonly kind: 'applied'; readonly from: PaymentStatus; readonly to: PaymentStatus }
  /** Same status again (a duplicate callback): nothing changes, nothing is announced. */
  | { readonly kind: 'duplicate'; readonly status: PaymentStatus }
  /** A move the model forbids (a late failure after success): recorded, ignored. */
  | {
      readonly kind: 'rejected';
      readonly from: PaymentStatus;
      readonly to: PaymentStatus;
      readonly why: string;
    };

/** Pure: decides whether `request` may move a payment in `state`. Never throws. */
export function decideTransition(
  state: PaymentState,
  request: TransitionRequest,
): TransitionOutcome {
  const from = state.status;
  const { to, source } = request;
  if (from === to) return { kind: 'duplicate', status: from };
  if (!transitions[from].includes(to)) {
    return { kind: 'rejected', from, to, why: `A ${from} payment cannot become ${to}.` };
  }
  if (from === 'expired' && state.decidedBy !== 'deadline') {
    return {
      kind: 'rejected',
      from,
      to,
      why: 'Only a payment that expired by our own deadline can still complete.',
    };
  }
  if (from === 'expired' && source !== 'provider') {
    return {
      kind: 'rejected',
      from,
      to,
      why: 'Only the provider can complete an expired payment.',
    };
  }
  if (to === 'reversed' && source !== 'server') {
    return {
      kind: 'rejected',
      from,
      to,
      why: 'Reversals are recorded by the server, not by callbacks.',
    };
  }
  return { kind: 'applied', from, to };
}

/** Like `decideTransition`, but throws `illegal_transition` for a forbidden move. */
export function transition(state: PaymentState, request: TransitionRequest): PaymentStatus {
  const outcome = decideTransition(state, request);
  if (outcome.kind === 'rejected') {
    throw new LipwaError('illegal_transition', outcome.why, {
      details: { from: outcome.from, to: outcome.to },
    });
  }
  return request.to;
}
