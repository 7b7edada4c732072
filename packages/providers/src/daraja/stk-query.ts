/**
 * STK push query: where a push stands. Safe to repeat, so one retryable failure is retried once
 * straight away. "Still processing" means pending, not failure, in both the shapes Daraja uses:
 * HTTP 200 with ResultCode 4999 (current Daraja) and HTTP 500 `500.001.1001` (daraja.md). Any
 * other answer that does not say the payment ended, an unknown code included, stays pending.
 */
import { ProviderError, type StatusUpdate } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { DarajaConfig } from './daraja-options.js';
import { providerErrorFrom, SUBSCRIBER_LOCKED, unexpectedResponse } from './errors.js';
import { darajaPassword, darajaTimestamp } from './password.js';
import { mapDarajaResult, parseDarajaResultCode } from './result-codes.js';

export const STK_QUERY_PATH = '/mpesa/stkpushquery/v1/query';

async function queryOnce(
  config: DarajaConfig,
  tokens: AccessTokens,
  checkoutRequestId: string,
  signal: AbortSignal | undefined,
): Promise<StatusUpdate> {
  const timestamp = darajaTimestamp(config.clock.now(), config.timestampTimeZone);
  const reply = await authorisedCall(config, tokens, {
    operation: 'query',
    path: STK_QUERY_PATH,
    json: {
      BusinessShortCode: config.shortcode,
      Password: darajaPassword(config.shortcode, config.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: checkoutRequestId,
    },
    signal,
  });
  if (!reply.ok) {
    if (reply.failure.errorCode === SUBSCRIBER_LOCKED) {
      return {
        providerRef: checkoutRequestId,
        status: 'pending',
        providerCode: SUBSCRIBER_LOCKED,
        message: reply.failure.errorMessage ?? 'The transaction is being processed',
      };
    }
    throw providerErrorFrom(reply.failure, 'query');
  }
  const { ResultCode, ResultDesc } = reply.body;
  const code = parseDarajaResultCode(ResultCode);
  if (code === undefined)
    throw unexpectedResponse('query', reply.httpStatus, 'a ResultCode', reply.text);
  const mapped = mapDarajaResult(code, typeof ResultDesc === 'string' ? ResultDesc : undefined, {
    from: 'query',
  });
  return {
    providerRef: checkoutRequestId,
    status: mapped.status,
    reason: mapped.reason,
    providerCode: mapped.providerCode,
    message: mapped.message,
  };
}

export async function stkQuery(
  config: DarajaConfig,
  tokens: AccessTokens,
  checkoutRequestId: string,
  options: { signal?: AbortSignal } = {},
): Promise<StatusUpdate> {
  if (typeof checkoutRequestId !== 'string' || checkoutRequestId.trim() === '') {
    throw new ProviderError(
      'provider_rejected',
      'query() needs the CheckoutRequestID returned by initiate() as providerRef.',
      { details: { retryable: false, ambiguous: false } },
    );
  }
  try {
    return await queryOnce(config, tokens, checkoutRequestId, options.signal);
  } catch (error) {
    const retry = error instanceof ProviderError && error.retryable && !options.signal?.aborted;
    if (!retry) throw error;
    return queryOnce(config, tokens, checkoutRequestId, options.signal);
  }
}
