/**
 * The synchronous half of Daraja's org operations (B2C, transaction status, reversal, account
 * balance): the request is only queued, and Daraja answers at once with the ids its async result
 * will carry. The answer is zod-validated; the result arrives later at the ResultURL.
 */
import { ProviderError } from '@lipwa/core';
import { z } from 'zod';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { DarajaConfig } from './daraja-options.js';
import { type DarajaOperation, providerErrorFrom, unexpectedResponse } from './errors.js';

/** What Daraja said when it queued the request; its result is matched on these ids. */
export interface DarajaAsyncAccepted {
  /** Daraja's id, e.g. `AG_20191219_00005797af5d7d75f652`. */
  readonly conversationId: string;
  /** Ours (the idempotency key on B2C), echoed back. */
  readonly originatorConversationId: string;
  readonly responseDescription: string;
}

const code = z.union([z.string(), z.number()]).transform(String);

const acceptedSchema = z.looseObject({
  ConversationID: z.string().min(1),
  OriginatorConversationID: z.string().min(1),
  ResponseCode: code,
  ResponseDescription: z.string().optional(),
});

export interface AsyncRequest {
  readonly operation: Exclude<DarajaOperation, 'oauth' | 'stkpush' | 'query'>;
  readonly path: string;
  readonly json: Record<string, unknown>;
  readonly signal?: AbortSignal | undefined;
}

export async function sendAsyncRequest(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: AsyncRequest,
): Promise<DarajaAsyncAccepted> {
  const reply = await authorisedCall(config, tokens, request);
  if (!reply.ok) throw providerErrorFrom(reply.failure, request.operation);
  const responseCode = code.safeParse(reply.body.ResponseCode);
  if (responseCode.success && responseCode.data !== '0') {
    const description = reply.body.ResponseDescription;
    throw new ProviderError(
      'provider_rejected',
      `Daraja did not accept the request (ResponseCode ${responseCode.data}${
        typeof description === 'string' ? `: ${description}` : ''
      }).`,
      { providerCode: responseCode.data, retryable: false, ambiguous: false },
    );
  }
  const accepted = acceptedSchema.safeParse(reply.body);
  if (!accepted.success) {
    throw unexpectedResponse(
      request.operation,
      reply.httpStatus,
      'a ConversationID and OriginatorConversationID',
      reply.text,
    );
  }
  return {
    conversationId: accepted.data.ConversationID,
    originatorConversationId: accepted.data.OriginatorConversationID,
    responseDescription: accepted.data.ResponseDescription ?? '',
  };
}
