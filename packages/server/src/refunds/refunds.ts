/**
 * `lipwa.payments.refund(id)`: asks the payment's provider to reverse it, and records the
 * outcome that arrives on `POST /refunds/:provider/:paymentId/:token` as `completed -> reversed`
 * through the status applier (so streams and `onPaymentFinal` hear it once). Refusals carry a
 * stable `details.refusal`: `not_supported`, `not_completed`, `already_reversed`,
 * `refund_pending` (also while a refund is in review). Providers that post no result (`results: 'poll'`) are asked by `reconcile()`,
 * which the kit's reconciler runs each pass; a refund unsettled `reconcile.moneyOutReviewAfterMs`
 * after its request, polled or awaiting a posted result, goes to review there. The request is marked on the payment before it is sent, with the store's
 * compare-and-set, so two refunds of one payment send one request.
 */
import {
  type CallbackInput,
  ConfigError,
  isLipwaError,
  LipwaError,
  maskMsisdn,
  type PaymentView,
  type ProviderAdapter,
  type ProviderReversals,
  type ReversalOutcome,
} from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { CallbackAnswer, CallbackRequest } from '../payments/callback-handler.js';
import { mutateRecord } from '../payments/mutate-record.js';
import { toPaymentView } from '../payments/payment-view.js';
import type { FlagForReview } from '../payments/review.js';
import type { StatusApplier } from '../payments/status-applier.js';
import type { MoneyOutTiming } from '../payouts/poll-schedule.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { reconcileRefunds } from './refund-reconciler.js';
import { reversalsOf } from './reversal-hook.js';

export type RefundRefusal =
  | 'not_supported'
  | 'not_completed'
  | 'already_reversed'
  | 'refund_pending';

export interface RefundRequested {
  /** `pending` until the provider's result arrives; the payment then becomes `reversed`. */
  readonly status: 'pending';
  readonly payment: PaymentView;
  /** The provider's id for the reversal request. */
  readonly requestId: string;
}

export interface RefundDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly applier: StatusApplier;
  readonly publicUrl: string;
  /** The path secret async results arrive with (Daraja: the adapter's `callbackToken`). */
  readonly resultsToken?: string | undefined;
  /** When poll-only providers are asked about requested refunds, and when one goes to review. */
  readonly reconcile: MoneyOutTiming;
  /** Tells the merchant (`onPaymentReview`, `payment.review`) of a refund that never settled. */
  readonly flagForReview: FlagForReview;
}

export interface Refunds {
  refund(paymentId: string): Promise<RefundRequested>;
  /** One pass asking poll-only providers about requested refunds; resolves with how many settled. */
  reconcile(): Promise<number>;
  result(
    providerId: string,
    paymentId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<CallbackAnswer>;
}

function refused(refusal: RefundRefusal, message: string): LipwaError {
  return new LipwaError(
    refusal === 'not_supported' ? 'invalid_request' : 'illegal_transition',
    message,
    {
      details: { refusal },
    },
  );
}

/** Why this payment cannot be refunded now, if it cannot. */
function refusalFor(record: PaymentRecord): LipwaError | undefined {
  if (record.status === 'reversed')
    return refused('already_reversed', 'This payment is already reversed.');
  if (record.status !== 'completed' || record.receipt === undefined) {
    return refused(
      'not_completed',
      `Only a completed payment can be refunded; this one is ${record.status}.`,
    );
  }
  if (record.providerData?.refund === 'requested') {
    return refused('refund_pending', 'A refund of this payment is already under way.');
  }
  if (record.providerData?.refund === 'review') {
    return refused(
      'refund_pending',
      'A refund of this payment was never settled by the provider and is in review: check with the provider before refunding again.',
    );
  }
  return undefined;
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createRefunds(deps: RefundDeps): Refunds {
  const { store, clock, logger } = deps;

  function hookFor(record: PaymentRecord): ProviderReversals {
    const provider = deps.providers.get(record.provider);
    const hook = provider ? reversalsOf(provider) : undefined;
    if (!hook) {
      throw refused(
        'not_supported',
        `${record.provider} cannot reverse payments: refund it by hand.`,
      );
    }
    if (hook.results === 'callback' && !deps.resultsToken) {
      throw new ConfigError(
        'Refunds need resultsToken in createLipwa options: the secret the provider’s results arrive with (for Daraja, the callbackToken you gave daraja()).',
      );
    }
    return hook;
  }

  async function mark(
    paymentId: string,
    state: 'requested' | 'failed' | 'done' | 'review',
    extra = {},
  ) {
    return mutateRecord(store, paymentId, (record) =>
      state === 'requested' && refusalFor(record) !== undefined
        ? undefined
        : { providerData: { ...record.providerData, refund: state, ...extra } },
    );
  }

  async function refund(paymentId: string): Promise<RefundRequested> {
    const record = typeof paymentId === 'string' ? await store.get(paymentId) : undefined;
    if (!record)
      throw new LipwaError('payment_not_found', `No payment with id ${String(paymentId)}.`);
    const refusal = refusalFor(record);
    if (refusal) throw refusal;
    const hook = hookFor(record);
    const now = clock.now();
    // The request's time is kept from the start: a refund whose request's fate is unknown still
    // reaches its review deadline.
    const marked = await mark(record.id, 'requested', { refundRequestedAt: String(now) });
    if (!marked?.after)
      throw (
        refusalFor(marked?.before ?? record) ?? refused('refund_pending', 'A refund is under way.')
      );
    try {
      const { requestId } = await hook.request({
        receipt: record.receipt as string,
        providerRef: record.providerRef ?? '',
        amount: record.amount,
        resultUrl: `${deps.publicUrl}/refunds/${record.provider}/${record.id}/${deps.resultsToken}`,
      });
      // Kept on the payment so a poll-only provider can be asked about it later.
      await mutateRecord(store, record.id, (current) => ({
        providerData: {
          ...current.providerData,
          refundRequestId: requestId,
          refundRequestedAt: String(now),
        },
      }));
      await store.appendEvent(record.id, {
        at: now,
        kind: 'refund_requested',
        data: { requestId },
      });
      logger.info({ paymentId: record.id, provider: record.provider }, 'Refund requested');
      return { status: 'pending', payment: toPaymentView(marked.after), requestId };
    } catch (error) {
      // Refused before it reached the provider: the merchant may try again. A timeout may have
      // reached it, so the mark stays until the result (or a person) says otherwise.
      const ambiguous =
        isLipwaError(error) && (error as { ambiguous?: boolean }).ambiguous === true;
      if (!ambiguous) await mark(record.id, 'failed');
      await store.appendEvent(record.id, {
        at: now,
        kind: 'refund_failed',
        data: { code: isLipwaError(error) ? error.code : 'unexpected', ambiguous },
      });
      throw error;
    }
  }

  async function result(
    providerId: string,
    paymentId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<CallbackAnswer> {
    const provider = deps.providers.get(providerId);
    const hook = provider ? reversalsOf(provider) : undefined;
    const record = await store.get(paymentId);
    if (hook?.results !== 'callback' || !record || record.provider !== providerId) {
      logger.warn({ provider: providerId }, 'Refused a refund result for an unknown payment');
      throw new LipwaError(
        'callback_unauthorized',
        'This refund result URL was not issued by Lipwa.',
      );
    }
    const full: CallbackInput = {
      method: 'POST',
      query: {},
      ...input,
      params: { provider: providerId, token },
    };
    await settle(record, await hook.parseResult(full));
    return hook.acknowledge();
  }

  /** Records a reversal's outcome, however it was learned: `reversed` once, or the refusal. */
  async function settle(record: PaymentRecord, outcome: ReversalOutcome): Promise<boolean> {
    const paymentId = record.id;
    if (outcome.originalReceipt !== undefined && outcome.originalReceipt !== record.receipt) {
      logger.warn({ paymentId }, 'A refund result names another receipt; nothing changed');
      return false;
    }
    if (!outcome.ok) {
      await mark(paymentId, 'failed');
      await store.appendEvent(paymentId, {
        at: clock.now(),
        kind: 'refund_failed',
        data: { providerCode: outcome.providerCode, reason: outcome.reason },
      });
      logger.warn(
        { paymentId, providerCode: outcome.providerCode },
        'The provider refused a refund',
      );
      return true;
    }
    await mark(paymentId, 'done');
    await deps.applier.apply(
      paymentId,
      { status: 'reversed', providerCode: outcome.providerCode },
      'server',
    );
    return true;
  }

  /** A refund past its deadline (polled or posted): in review, the merchant told once, never requested again. */
  async function review(record: PaymentRecord): Promise<void> {
    const marked = await mutateRecord(store, record.id, (current) =>
      current.providerData?.refund !== 'requested'
        ? undefined
        : { providerData: { ...current.providerData, refund: 'review' } },
    );
    if (!marked?.after) return;
    logger.warn(
      {
        paymentId: record.id,
        provider: record.provider,
        ...(record.phone ? { phone: maskMsisdn(record.phone) } : {}),
        requestId: record.providerData?.refundRequestId,
      },
      'A refund the provider has not settled in time; marked for review (not failed, not requested again)',
    );
    await deps.flagForReview(record.id, 'refund_unsettled', { status: 'reversed' });
  }

  // The pass reads the refunds in flight (polled ones are asked about; any past the deadline
  // go to review); with no provider that reverses there are none, so the kit's reconciler
  // (every second) never reads the store for it.
  const anyReversals = [...deps.providers.values()].some((provider) => reversalsOf(provider));
  const reconcile = anyReversals
    ? () => reconcileRefunds({ ...deps, settle, review })
    : async () => 0;

  return { refund, reconcile, result };
}
