/**
 * `GET /charges/{id}`: where a charge stands, straight from CashPay. Safe to repeat, so one
 * retryable failure (5xx, network, timeout) is retried once straight away; a 429 is not (it asked
 * us to wait, and says how long in `retryAfterMs`).
 */
import { ProviderError, type StatusUpdate } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { CashpayReply } from './cashpay-http.js';
import type { CashpayConfig } from './cashpay-options.js';
import { type CashpayCharge, chargeIdSchema, chargeSchema, chargeUpdate } from './charge.js';
import { CHARGES_PATH } from './create-charge.js';
import { providerErrorFrom, unexpectedResponse } from './errors.js';

export type RetrievedCharge =
  | { readonly found: true; readonly charge: CashpayCharge }
  /** CashPay answered 404: it has no such charge (on this account). */
  | { readonly found: false; readonly providerCode: string };

async function retrieveOnce(
  config: CashpayConfig,
  tokens: AccessTokens,
  id: string,
  signal: AbortSignal | undefined,
): Promise<CashpayReply> {
  return authorisedCall(config, tokens, {
    operation: 'retrieve',
    method: 'GET',
    path: `${CHARGES_PATH}/${encodeURIComponent(id)}`,
    signal,
  });
}

/** Fetches a charge; throws `ProviderError` for anything but a charge or a 404. */
export async function retrieveCharge(
  config: CashpayConfig,
  tokens: AccessTokens,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<RetrievedCharge> {
  const attempt = async (): Promise<RetrievedCharge> => {
    const reply = await retrieveOnce(config, tokens, id, options.signal);
    if (!reply.ok) {
      if (reply.failure.httpStatus === 404) {
        return { found: false, providerCode: reply.failure.code ?? '404' };
      }
      throw providerErrorFrom(reply.failure, 'retrieve');
    }
    const parsed = chargeSchema.safeParse(reply.body);
    if (!parsed.success || parsed.data.id !== id) {
      throw unexpectedResponse(
        'retrieve',
        reply.httpStatus,
        `the charge object for ${id}`,
        reply.body ?? reply.excerpt,
      );
    }
    return { found: true, charge: parsed.data };
  };
  try {
    return await attempt();
  } catch (error) {
    const retry =
      error instanceof ProviderError &&
      error.retryable &&
      error.details.httpStatus !== 429 &&
      !options.signal?.aborted;
    if (!retry) throw error;
    return attempt();
  }
}

/** `query`: the charge's canonical status; `pending` while the customer has not finished. */
export async function queryCharge(
  config: CashpayConfig,
  tokens: AccessTokens,
  providerRef: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<StatusUpdate> {
  if (!chargeIdSchema.safeParse(providerRef).success) {
    throw new ProviderError(
      'provider_rejected',
      'query() needs the CashPay charge id (chg_…) returned by initiate() as providerRef.',
      { retryable: false, ambiguous: false },
    );
  }
  const result = await retrieveCharge(config, tokens, providerRef, options);
  if (!result.found) {
    throw new ProviderError(
      'provider_rejected',
      `CashPay has no charge ${providerRef} on this account: check the environment and credentials.`,
      { retryable: false, ambiguous: false, providerCode: result.providerCode },
    );
  }
  return chargeUpdate(result.charge);
}
