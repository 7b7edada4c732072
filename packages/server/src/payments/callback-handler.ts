/**
 * Provider callbacks, on two routes. `POST /callbacks/:provider/:token` (providers that take a
 * callback URL per request): the per-payment token names the payment before anything else is
 * read, so a wrong token changes nothing. `POST /callbacks/:provider` (providers with one URL
 * registered in their dashboard): the adapter verifies the signature and each update finds its
 * payment by provider reference. Either way an update applies only to the payment whose
 * provider reference it carries, and only during the payment's life plus a grace period.
 */

import {
  CallbackError,
  type CallbackInput,
  type CallbackResult,
  isFinal,
  isLipwaError,
  LipwaError,
  type ProviderAdapter,
  type StatusUpdate,
} from '@lipwa/core';
import type { Logger } from '../logger.js';
import type { PaymentEvent, PaymentRecord, UnmatchedCallback } from '../stores/payment-record.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { callbackTokenMatches, hashCallbackToken } from './callback-token.js';
import { mutateRecord } from './mutate-record.js';
import { createRefusalLog } from './refusal-log.js';
import type { Alongside, StatusApplier } from './status-applier.js';
import { changeFromUpdate } from './status-change.js';

/** A callback as the router read it; `method` defaults to POST and `query` to none. */
export type CallbackRequest = Omit<CallbackInput, 'params' | 'method' | 'query'> &
  Partial<Pick<CallbackInput, 'method' | 'query'>>;

export interface CallbackAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface CallbackHandlers {
  /** `POST /callbacks/:provider/:token`. */
  perPayment(providerId: string, token: string, input: CallbackRequest): Promise<CallbackAnswer>;
  /** `POST /callbacks/:provider`, for adapters whose `callbackRoute` is `fixed`. */
  fixed(providerId: string, input: CallbackRequest): Promise<CallbackAnswer>;
}

function unmatchedEntry(
  update: StatusUpdate,
  provider: string,
  paymentId: string,
  at: number,
): UnmatchedCallback {
  return {
    at,
    provider,
    paymentId,
    providerRef: update.providerRef,
    status: update.status,
    ...(update.providerCode === undefined ? {} : { providerCode: update.providerCode }),
    ...(update.reason === undefined ? {} : { reason: update.reason }),
    ...(update.receipt === undefined ? {} : { receipt: update.receipt }),
    ...(update.amount === undefined ? {} : { amount: update.amount }),
  };
}

/**
 * What every update of a callback writes, whatever it decides: when the last callback came,
 * and, without a providerRef (initiation timed out, or still running), the provider's
 * reference, since the token alone named the payment.
 */
function noteCallback(
  update: StatusUpdate,
  now: number,
  events: readonly PaymentEvent[],
): Alongside {
  return {
    patch: (fresh) => ({
      lastCallbackAt: now,
      ...(fresh.providerRef === undefined ? { providerRef: update.providerRef } : {}),
    }),
    events,
  };
}

function unauthorised(): CallbackError {
  return new CallbackError(
    'callback_unauthorized',
    'This callback URL was not issued by Lipwa (unknown provider or token). Nothing was changed.',
  );
}

/** What receiving callbacks needs from the kit (a slice of `LipwaConfig`). */
export interface CallbackHandlerDeps {
  readonly store: PaymentStore;
  readonly clock: { now(): number };
  readonly logger: Logger;
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  /** How long after a payment ends its callbacks still count. */
  readonly callbackTokenGraceMs: number;
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createCallbackHandlers(
  config: CallbackHandlerDeps,
  applier: StatusApplier,
): CallbackHandlers {
  const { store, clock, logger } = config;
  const refused = createRefusalLog(logger, clock);

  async function verify(
    provider: ProviderAdapter,
    input: CallbackRequest,
    params: Record<string, string>,
    paymentId?: string,
  ): Promise<CallbackResult> {
    try {
      return await provider.verifyCallback({ method: 'POST', query: {}, ...input, params });
    } catch (error) {
      // One line, without the body: it may carry what a forger hoped we would echo.
      refused('Refused a callback the adapter could not verify', {
        provider: provider.id,
        ...(paymentId ? { paymentId } : {}),
        code: isLipwaError(error) ? error.code : 'unexpected',
      });
      if (isLipwaError(error)) throw error;
      // An adapter bug: answer 500 so the provider retries later, without internals.
      throw new LipwaError('internal_error', 'The callback could not be processed.', {
        cause: error,
      });
    }
  }

  /** Callbacks count during a payment's life and a grace after it ends; later ones are replays. */
  function pastGrace(record: PaymentRecord, now: number): boolean {
    return isFinal(record.status) && now > record.updatedAt + config.callbackTokenGraceMs;
  }

  async function applyTo(
    record: PaymentRecord,
    providerId: string,
    updates: readonly StatusUpdate[],
  ): Promise<void> {
    const now = clock.now();
    if (pastGrace(record, now)) {
      await store.appendEvent(record.id, {
        at: now,
        kind: 'late_callback',
        data: { updates: updates.map((update) => update.status) },
      });
      logger.info(
        {
          paymentId: record.id,
          provider: providerId,
        },
        'Ignored a callback that came after the payment and its grace period ended',
      );
      return;
    }
    // The callback's event goes in the first store change it makes: one change per update.
    let callbackEvents: PaymentEvent[] = [
      { at: now, kind: 'callback', data: { updates: updates.map((update) => update.status) } },
    ];
    // The record just found by its token; afterwards, what each change returned (no re-reads).
    let latest: PaymentRecord | undefined = record;
    for (const update of updates) {
      const current = latest ?? (await store.get(record.id));
      latest = undefined;
      if (!current) break;
      if (current.providerRef !== undefined && current.providerRef !== update.providerRef) {
        await store.recordUnmatched(unmatchedEntry(update, providerId, record.id, now));
        logger.warn(
          {
            paymentId: record.id,
            provider: providerId,
            status: update.status,
          },
          'Callback update names another provider reference; recorded, not applied',
        );
        continue;
      }
      const alongside = noteCallback(update, now, callbackEvents);
      callbackEvents = [];
      if (update.status === 'pending') {
        const noted = await mutateRecord(store, record.id, alongside.patch, {
          eventsFor: () => alongside.events,
          known: current,
        });
        latest = noted?.after;
        continue;
      }
      latest = await applier.apply(
        record.id,
        changeFromUpdate(update),
        'provider',
        {},
        {
          known: current,
          alongside,
        },
      );
    }
    // No update reached its payment: the callback is still audited.
    for (const event of callbackEvents) await store.appendEvent(record.id, event);
  }

  return {
    async perPayment(providerId, token, input) {
      const provider = config.providers.get(providerId);
      const record =
        provider?.callbackRoute !== 'fixed' &&
        typeof token === 'string' &&
        token.length > 0 &&
        token.length <= 128
          ? await store.findByCallbackToken(hashCallbackToken(token))
          : undefined;
      if (
        !provider ||
        !record ||
        record.provider !== providerId ||
        !callbackTokenMatches(token, record.callbackTokenHash)
      ) {
        refused('Refused a callback with an unknown token', { provider: providerId });
        throw unauthorised();
      }
      const result = await verify(provider, input, { provider: providerId, token }, record.id);
      await applyTo(record, providerId, result.updates);
      return result.response;
    },

    async fixed(providerId, input) {
      const provider = config.providers.get(providerId);
      if (provider?.callbackRoute !== 'fixed') {
        refused('Refused a callback on a route no provider uses', { provider: providerId });
        throw unauthorised();
      }
      const result = await verify(provider, input, { provider: providerId });
      const now = clock.now();
      for (const update of result.updates) {
        const record = await store.findByProviderRef(providerId, update.providerRef);
        if (!record) {
          // Signed by the provider but about no payment of ours yet: another merchant's, or one
          // whose initiate answer has not arrived (the initiation applies it when it does).
          // Acknowledged so the provider stops, recorded, nothing changed.
          await store.recordUnmatched(unmatchedEntry(update, providerId, '', now));
          logger.warn(
            {
              provider: providerId,
              status: update.status,
            },
            'Verified callback names no payment of ours; recorded, not applied',
          );
          continue;
        }
        await applyTo(record, providerId, [update]);
      }
      return result.response;
    },
  };
}
