/**
 * `POST /callbacks/:provider/:token`: the per-payment token names the payment before anything
 * else is read (a wrong token changes nothing), the adapter verifies and maps the body, and each
 * update applies only to the payment whose provider reference it carries.
 */
import { CallbackError, type CallbackInput, isLipwaError, LipwaError } from '@lipwa/core';
import { callbackTokenMatches, hashCallbackToken } from './callback-token.js';
import { mutateRecord } from './mutate-record.js';
import type { LipwaConfig } from './options.js';
import { changeFromUpdate, type StatusApplier } from './status-applier.js';

/** A callback as the router read it; `method` defaults to POST and `query` to none. */
export type CallbackRequest = Omit<CallbackInput, 'params' | 'method' | 'query'> &
  Partial<Pick<CallbackInput, 'method' | 'query'>>;

export interface CallbackAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type CallbackHandler = (
  providerId: string,
  token: string,
  input: CallbackRequest,
) => Promise<CallbackAnswer>;

export function createCallbackHandler(
  config: LipwaConfig,
  applier: StatusApplier,
): CallbackHandler {
  const { store, clock, logger } = config;

  return async (providerId, token, input) => {
    const provider = config.providers.get(providerId);
    const record =
      typeof token === 'string' && token.length > 0 && token.length <= 128
        ? await store.findByCallbackToken(hashCallbackToken(token))
        : undefined;
    if (
      !provider ||
      !record ||
      record.provider !== providerId ||
      !callbackTokenMatches(token, record.callbackTokenHash)
    ) {
      logger.warn('Refused a callback with an unknown token', { provider: providerId });
      throw new CallbackError(
        'callback_unauthorized',
        'This callback URL was not issued by Lipwa (unknown provider or token). Nothing was changed.',
      );
    }

    let result: Awaited<ReturnType<typeof provider.verifyCallback>>;
    try {
      result = await provider.verifyCallback({
        method: 'POST',
        query: {},
        ...input,
        params: { provider: providerId, token },
      });
    } catch (error) {
      logger.warn('Refused a callback the adapter could not verify', {
        paymentId: record.id,
        provider: providerId,
        error,
      });
      if (isLipwaError(error)) throw error;
      // An adapter bug: answer 500 so the provider retries later, without internals.
      throw new LipwaError('internal_error', 'The callback could not be processed.', {
        cause: error,
      });
    }

    const now = clock.now();
    await store.appendEvent(record.id, {
      at: now,
      kind: 'callback',
      data: { updates: result.updates.map((update) => update.status) },
    });
    for (const update of result.updates) {
      const current = await store.get(record.id);
      if (!current) break;
      if (current.providerRef !== undefined && current.providerRef !== update.providerRef) {
        await store.recordUnmatched({
          at: now,
          provider: providerId,
          paymentId: record.id,
          providerRef: update.providerRef,
          status: update.status,
          providerCode: update.providerCode,
        });
        logger.warn('Callback update names another provider reference; recorded, not applied', {
          paymentId: record.id,
          provider: providerId,
          status: update.status,
        });
        continue;
      }
      // Without a providerRef (initiation timed out, or still running) the token alone names
      // the payment: adopt the provider's reference so the update can still count.
      await mutateRecord(store, record.id, (latest) => ({
        lastCallbackAt: now,
        ...(latest.providerRef === undefined ? { providerRef: update.providerRef } : {}),
      }));
      if (update.status === 'pending') continue;
      await applier.apply(record.id, changeFromUpdate(update), 'provider');
    }
    return result.response;
  };
}
