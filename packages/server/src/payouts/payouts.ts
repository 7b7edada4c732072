/**
 * `lipwa.payouts.send({ phone, amount, reference })`: pays a customer through a provider that
 * can (B2C). Checked before anything is sent (phone, amount, a provider that pays out), stored
 * before the request (one payout per reference, so a repeated call returns the first payout and
 * never pays twice), and settled by the provider's result on
 * `POST /payouts/:provider/:payoutId/:token`, or for providers that only answer when asked, by
 * `reconcile()` polling them; either way applied once by compare-and-set. A payout still
 * unsettled after `reconcile.moneyOutReviewAfterMs`, polled or awaiting a posted result, goes to
 * `review` (never failed, never resent).
 */
import { randomUUID } from 'node:crypto';
import {
  assertMoney,
  type CallbackInput,
  ConfigError,
  isLipwaError,
  LipwaError,
  type Money,
  maskMsisdn,
  type ProviderAdapter,
  type ProviderPayouts,
  parseMsisdn,
  ValidationError,
  withinPayoutLimits,
} from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { CallbackAnswer, CallbackRequest } from '../payments/callback-handler.js';
import { payoutsOf } from './payout-hook.js';
import { reconcilePayouts } from './payout-reconciler.js';
import { settlePayout } from './payout-settle.js';
import type { PayoutPatch, PayoutRecord, PayoutStatus, PayoutStore } from './payout-store.js';
import { type MoneyOutTiming, nextPollAt } from './poll-schedule.js';

export interface PayoutInput {
  /** The customer's number, any common Kenyan form. */
  readonly phone: string;
  readonly amount: Money;
  /** Your id for this payout: sending the same reference again never pays twice. */
  readonly reference: string;
  /** Which provider pays; default the first that can. */
  readonly provider?: string | undefined;
}

/** A payout as the merchant sees it (the phone masked). */
export interface PayoutView {
  readonly id: string;
  readonly reference: string;
  readonly provider: string;
  readonly status: PayoutStatus;
  readonly amount: Money;
  readonly phone: string;
  readonly receipt?: string | undefined;
  readonly reason?: PayoutRecord['reason'];
  readonly providerCode?: string | undefined;
}

export interface PayoutDeps {
  readonly payoutStore: PayoutStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly publicUrl: string;
  readonly resultsToken?: string | undefined;
  /** When poll-only providers are asked about pending payouts, and when one goes to review. */
  readonly reconcile: MoneyOutTiming;
}

export interface Payouts {
  send(input: PayoutInput): Promise<PayoutView>;
  retrieve(id: string): Promise<PayoutView>;
  /** One pass asking poll-only providers about pending payouts; resolves with how many settled. */
  reconcile(): Promise<number>;
  result(
    providerId: string,
    payoutId: string,
    token: string,
    input: CallbackRequest,
  ): Promise<CallbackAnswer>;
}

export function toPayoutView(record: PayoutRecord): PayoutView {
  return {
    id: record.id,
    reference: record.reference,
    provider: record.provider,
    status: record.status,
    amount: record.amount,
    phone: maskMsisdn(record.phone),
    ...(record.receipt ? { receipt: record.receipt } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.providerCode ? { providerCode: record.providerCode } : {}),
  };
}

function checkedInput(input: PayoutInput) {
  const phone = parseMsisdn(typeof input?.phone === 'string' ? input.phone : '');
  if (!phone.ok) {
    throw new ValidationError('invalid_phone', phone.message, { details: { field: 'phone' } });
  }
  const amount = assertMoney(input.amount);
  const reference = typeof input.reference === 'string' ? input.reference.trim() : '';
  if (reference === '' || reference.length > 64) {
    throw new ValidationError('invalid_field', 'reference must be 1-64 characters.', {
      details: { field: 'reference' },
    });
  }
  return { phone: phone.msisdn, amount, reference };
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createPayouts(deps: PayoutDeps): Payouts {
  const { payoutStore: store, clock, logger } = deps;
  // Every payout provider needs the pass: polled results are asked for, and a posted result
  // that never comes still reaches its review deadline.
  const anyPayouts = [...deps.providers.values()].some((adapter) => payoutsOf(adapter));

  function pick(providerId: string | undefined): { id: string; hook: ProviderPayouts } {
    for (const [id, adapter] of deps.providers) {
      if (providerId !== undefined && id !== providerId) continue;
      const hook = payoutsOf(adapter);
      if (hook) return { id, hook };
    }
    throw new LipwaError(
      'invalid_request',
      providerId === undefined
        ? 'No configured provider can pay out (B2C).'
        : `${providerId} cannot pay out (B2C), or is not configured.`,
      { details: { refusal: 'not_supported' } },
    );
  }

  async function patch(record: PayoutRecord, change: PayoutPatch): Promise<PayoutRecord> {
    return (
      (await store.update(record.id, record.version, { ...change, updatedAt: clock.now() })) ??
      (await store.get(record.id)) ??
      record
    );
  }

  async function request(record: PayoutRecord, hook: ProviderPayouts): Promise<PayoutRecord> {
    try {
      const { requestId } = await hook.send({
        payoutId: record.id,
        phone: record.phone,
        amount: record.amount,
        resultUrl: `${deps.publicUrl}/payouts/${record.provider}/${record.id}/${deps.resultsToken}`,
      });
      logger.info({ payoutId: record.id, phone: record.phone }, 'Payout requested');
      return patch(record, { requestId, ambiguous: false });
    } catch (error) {
      const ambiguous =
        isLipwaError(error) && (error as { ambiguous?: boolean }).ambiguous === true;
      logger.warn(
        {
          payoutId: record.id,
          code: isLipwaError(error) ? error.code : 'unexpected',
          ambiguous,
        },
        'Payout request failed',
      );
      // A timeout may have reached the provider: the payout stays pending, and sending the same
      // reference again repeats the request with the same idempotency key.
      if (ambiguous) return patch(record, { ambiguous: true });
      const failed = await patch(record, {
        status: 'failed',
        providerCode: (error as { providerCode?: string }).providerCode,
      });
      if (error instanceof ValidationError) throw error;
      return failed;
    }
  }

  return {
    async send(input) {
      const { phone, amount, reference } = checkedInput(input);
      const { id: provider, hook } = pick(input.provider);
      if (!withinPayoutLimits(hook.limits, amount)) {
        const { currency, min, max } = hook.limits;
        throw new ValidationError(
          'invalid_amount',
          `${provider} pays out ${currency} ${min / 100} to ${max / 100} (minor units ${min}-${max}).`,
          { details: { field: 'amount', currency, min, max } },
        );
      }
      if (hook.results === 'callback' && !deps.resultsToken) {
        throw new ConfigError(
          'Payouts need resultsToken in createLipwa options: the secret the provider’s results arrive with (for Daraja, the callbackToken you gave daraja()).',
        );
      }
      const now = clock.now();
      // A polled payout is first asked about after the first-query delay; one whose result is
      // posted is looked at once, at its review deadline, in case that result never comes.
      const nextCheckAt =
        hook.results === 'poll'
          ? nextPollAt(deps.reconcile, now, undefined)
          : now + deps.reconcile.moneyOutReviewAfterMs;
      const { created, record } = await store.create({
        id: `po_${randomUUID().replaceAll('-', '')}`,
        reference,
        provider,
        phone,
        amount,
        status: 'pending',
        nextCheckAt,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      if (!created) {
        if (
          record.phone !== phone ||
          record.amount.amount !== amount.amount ||
          record.amount.currency !== amount.currency
        ) {
          throw new LipwaError(
            'idempotency_mismatch',
            `Reference ${reference} was already used for a different payout.`,
          );
        }
        // Repeated only where the provider keys on the payout id: elsewhere it would pay twice.
        const again = record.status === 'pending' && record.ambiguous === true && hook.repeatable;
        return toPayoutView(again ? await request(record, hook) : record);
      }
      return toPayoutView(await request(record, hook));
    },

    async retrieve(id) {
      const record = typeof id === 'string' ? await store.get(id) : undefined;
      if (!record) throw new LipwaError('not_found', `No payout with id ${String(id)}.`);
      return toPayoutView(record);
    },

    // With no provider that pays out there is no payout to look at: no store read.
    reconcile: anyPayouts ? () => reconcilePayouts(deps) : async () => 0,

    async result(providerId, payoutId, token, input) {
      const adapter = deps.providers.get(providerId);
      const hook = adapter ? payoutsOf(adapter) : undefined;
      const record = await store.get(payoutId);
      if (hook?.results !== 'callback' || !record || record.provider !== providerId) {
        logger.warn({ provider: providerId }, 'Refused a payout result for an unknown payout');
        throw new LipwaError(
          'callback_unauthorized',
          'This payout result URL was not issued by Lipwa.',
        );
      }
      const full: CallbackInput = {
        method: 'POST',
        query: {},
        ...input,
        params: { provider: providerId, token },
      };
      const outcome = await hook.parseResult(full);
      if (outcome.payoutId !== undefined && outcome.payoutId !== record.id) {
        logger.warn({ payoutId }, 'A payout result names another payout; nothing changed');
        return hook.acknowledge();
      }
      await settlePayout({ store, clock, logger }, record, outcome);
      return hook.acknowledge();
    },
  };
}
