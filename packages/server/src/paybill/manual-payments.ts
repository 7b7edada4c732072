/**
 * Receives Paybill/Till payments (`POST /c2b/:provider/validation/:token` and
 * `/confirmation/:token`, or a provider's fixed webhook route for one that reports them there,
 * like payment-apps): the adapter's hook verifies and parses them, `manual-match.ts` finds
 * the checkout by account reference and amount, and the status applier completes it, so the
 * widget's stream turns paid and `onPaymentFinal` fires once. Validation refuses an unknown or
 * paid reference or a wrong amount in the provider's own format; a confirmation that still
 * matches nothing is kept (`store.recordUnmatched`) and reported (`onUnmatchedPayment`), never
 * lost.
 */
import {
  CallbackError,
  type CallbackInput,
  isLipwaError,
  LipwaError,
  type ProviderAdapter,
} from '@lipwa/core';
import type { EventBus } from '../buses/event-bus.js';
import type { Logger } from '../logger.js';
import type { CallbackAnswer, CallbackRequest } from '../payments/callback-handler.js';
import { callHook } from '../payments/merchant-hooks.js';
import { toPaymentView } from '../payments/payment-view.js';
import { createRefusalLog } from '../payments/refusal-log.js';
import type { FlagForReview } from '../payments/review.js';
import type { StatusApplier } from '../payments/status-applier.js';
import type { StatusChange } from '../payments/status-change.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { manualAttempt } from './manual-attempt.js';
import { matchManualPayment, normaliseReference } from './manual-match.js';
import {
  type ManualPayment,
  type ManualPaymentHook,
  manualPaymentsOf,
} from './manual-payment-hook.js';

/** What `onUnmatchedPayment` hears: money that arrived for no checkout the kit knows. */
export interface UnmatchedPaymentEvent {
  readonly type: 'payment.unmatched';
  readonly provider: string;
  /** What the customer typed as the account number. */
  readonly accountReference: string;
  readonly amount: ManualPayment['amount'];
  readonly receipt: string;
  readonly paidAt?: string | undefined;
}

export interface ManualPaymentDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly applier: StatusApplier;
  readonly bus: Pick<EventBus, 'publish'>;
  readonly flagForReview: FlagForReview;
  readonly onUnmatchedPayment?:
    | ((event: UnmatchedPaymentEvent) => void | Promise<void>)
    | undefined;
}

export interface ManualPaymentHandlers {
  validation(providerId: string, token: string, input: CallbackRequest): Promise<CallbackAnswer>;
  confirmation(providerId: string, token: string, input: CallbackRequest): Promise<CallbackAnswer>;
  /**
   * A webhook on the provider's fixed callback route: handled (and answered) here when it is a
   * Paybill payment, else undefined for the checkout's callback handling.
   */
  webhook(providerId: string, input: CallbackRequest): Promise<CallbackAnswer | undefined>;
}

function paidChange(payment: ManualPayment): StatusChange {
  return { status: 'completed', receipt: payment.receipt, amount: payment.amount };
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createManualPayments(deps: ManualPaymentDeps): ManualPaymentHandlers {
  const { store, clock, logger } = deps;
  // A flood of forgeries is a few lines a minute, not one each.
  const refused = createRefusalLog(logger, clock);

  function hookOf(providerId: string): ManualPaymentHook {
    const provider = deps.providers.get(providerId);
    const hook = provider ? manualPaymentsOf(provider) : undefined;
    if (!hook) {
      logger.warn(
        {
          provider: providerId,
        },
        'Refused a C2B request for a provider without manual payments',
      );
      throw new CallbackError(
        'callback_unauthorized',
        'No provider with Paybill/Till payments has this id. Nothing was changed.',
      );
    }
    return hook;
  }

  /** Runs the hook's verifying parser; refusals are logged in aggregate, without the body. */
  async function parse<T>(
    providerId: string,
    what: 'validation' | 'confirmation' | 'webhook',
    read: () => T | Promise<T>,
  ): Promise<T> {
    try {
      return await read();
    } catch (error) {
      refused(`Refused a C2B ${what} the adapter could not verify`, {
        provider: providerId,
        code: isLipwaError(error) ? error.code : 'unexpected',
      });
      if (isLipwaError(error)) throw error;
      throw new LipwaError('internal_error', 'The C2B request could not be processed.', {
        cause: error,
      });
    }
  }

  function callbackInput(providerId: string, token: string, input: CallbackRequest): CallbackInput {
    return {
      method: 'POST',
      query: {},
      ...input,
      params: { provider: providerId, ...(token ? { token } : {}) },
    };
  }

  /** A verified confirmation: completes the checkout it pays, unless it says it did not settle. */
  async function confirmed(providerId: string, payment: ManualPayment): Promise<void> {
    if (payment.settled === false) {
      logger.info(
        {
          provider: providerId,
        },
        'A C2B confirmation reports a payment that did not complete; nothing changed',
      );
      return;
    }
    await complete(providerId, payment);
  }

  async function latestFor(payment: ManualPayment) {
    const reference = normaliseReference(payment.accountReference);
    return reference === '' ? undefined : store.latestForReference(reference);
  }

  async function keepUnmatched(providerId: string, payment: ManualPayment): Promise<void> {
    const known = await store.unmatchedFor(providerId, payment.receipt);
    if (known.length > 0) return;
    await store.recordUnmatched({
      at: clock.now(),
      provider: providerId,
      paymentId: '',
      providerRef: payment.receipt,
      status: 'completed',
      receipt: payment.receipt,
      amount: payment.amount,
    });
    logger.warn(
      {
        provider: providerId,
        receipt: payment.receipt,
      },
      'A Paybill/Till payment matches no checkout; kept for review',
    );
    await callHook(
      logger,
      'onUnmatchedPayment',
      deps.onUnmatchedPayment,
      {
        type: 'payment.unmatched',
        provider: providerId,
        accountReference: payment.accountReference,
        amount: payment.amount,
        receipt: payment.receipt,
        ...(payment.paidAt ? { paidAt: payment.paidAt } : {}),
      },
      '',
    );
  }

  /** Money arrived for a checkout that cannot take it as asked: a person must look. */
  async function review(providerId: string, payment: ManualPayment): Promise<void> {
    const latest = await latestFor(payment);
    if (!latest) return keepUnmatched(providerId, payment);
    if (latest.receipt === payment.receipt) return; // the same payment, reported again
    if (latest.status === 'completed' || latest.status === 'reversed') {
      await deps.flagForReview(latest.id, 'second_success', paidChange(payment));
      return;
    }
    // A wrong amount for an open checkout: the applier fails it as amount_mismatch and flags it.
    await deps.applier.apply(latest.id, paidChange(payment), 'provider');
  }

  async function complete(providerId: string, payment: ManualPayment): Promise<void> {
    const latest = await latestFor(payment);
    const match = matchManualPayment(payment, latest);
    if (match.kind === 'refuse') return review(providerId, payment);
    if (match.kind === 'apply') {
      await deps.applier.apply(match.attempt.id, paidChange(payment), 'provider');
      return;
    }
    const created = await store.createAttempt(
      manualAttempt(match.previous, providerId, payment, clock.now()),
    );
    if (!created.created) {
      // Another attempt opened (or this payment was recorded) meanwhile: decide again.
      if (created.record.receipt === payment.receipt) return;
      if (created.record.status === 'pending') {
        await deps.applier.apply(created.record.id, paidChange(payment), 'provider');
        return;
      }
      return review(providerId, payment);
    }
    await store.appendEvent(created.record.id, {
      at: clock.now(),
      kind: 'created',
      data: { channel: 'manual', previous: match.previous.id },
    });
    const after = await deps.applier.apply(created.record.id, paidChange(payment), 'provider');
    // The widget still follows the previous attempt: tell its stream the checkout is paid.
    if (after?.status === 'completed') deps.bus.publish(match.previous.id, toPaymentView(after));
  }

  return {
    async validation(providerId, token, input) {
      const hook = hookOf(providerId);
      const { parseValidation, accept, refuse } = hook;
      if (!parseValidation || !accept || !refuse) {
        logger.warn(
          { provider: providerId },
          'Refused a C2B validation for a provider without one',
        );
        throw new LipwaError(
          'not_found',
          `${providerId} asks no validation question before taking a Paybill payment (its gateway validates); point its webhook at /callbacks/${providerId} or /c2b/${providerId}/confirmation.`,
        );
      }
      const full = callbackInput(providerId, token, input);
      const payment = await parse(providerId, 'validation', () => parseValidation.call(hook, full));
      const match = matchManualPayment(payment, await latestFor(payment));
      if (match.kind === 'refuse') {
        logger.info(
          {
            provider: providerId,
            why: match.why,
          },
          'Refused a Paybill/Till payment at validation',
        );
        return refuse.call(hook, match.why);
      }
      return accept.call(hook);
    },

    async confirmation(providerId, token, input) {
      const hook = hookOf(providerId);
      const full = callbackInput(providerId, token, input);
      await confirmed(
        providerId,
        await parse(providerId, 'confirmation', () => hook.parseConfirmation(full)),
      );
      return hook.acknowledge();
    },

    async webhook(providerId, input) {
      const provider = deps.providers.get(providerId);
      const hook = provider ? manualPaymentsOf(provider) : undefined;
      const parseWebhook = hook?.parseWebhook;
      if (!hook || !parseWebhook) return undefined;
      const full = callbackInput(providerId, '', input);
      const payment = await parse(providerId, 'webhook', () => parseWebhook.call(hook, full));
      if (payment === undefined) return undefined;
      await confirmed(providerId, payment);
      return hook.acknowledge();
    },
  };
}
