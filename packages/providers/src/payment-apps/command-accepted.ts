/**
 * The gateway's answer to an asynchronous Daraja command (sendMoney, sendAirtime,
 * reverseTransaction, checkBalance): accepted, with Daraja's conversation ids. "Money sent
 * successfully" means accepted, not completed: the result lands on the transaction record later
 * and arrives as a webhook. A `ResponseCode` other than `"0"` is a refusal.
 */
import { z } from 'zod';
import { type PaymentAppsOperation, wrapperFailure } from './errors.js';

const code = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
export const salamiIdSchema = z
  .union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/)])
  .transform(String);

export interface PaymentAppsCommandAccepted {
  /** The Salami id of the record the command made (assumed: the gateway names it as `id`). */
  readonly transactionId?: string | undefined;
  readonly conversationId: string;
  readonly originatorConversationId?: string | undefined;
  readonly description?: string | undefined;
}

export const commandAcceptedSchema = z.looseObject({
  id: salamiIdSchema.optional(),
  ConversationID: z.string().min(1),
  OriginatorConversationID: z.string().optional(),
  ResponseCode: code,
  ResponseDescription: z.string().optional(),
});

export function commandAccepted(
  operation: PaymentAppsOperation,
  data: z.infer<typeof commandAcceptedSchema>,
  raw: string,
): PaymentAppsCommandAccepted {
  if (data.ResponseCode !== '0') {
    throw wrapperFailure(operation, data.ResponseCode, data.ResponseDescription, raw);
  }
  return {
    transactionId: data.id,
    conversationId: data.ConversationID,
    originatorConversationId: data.OriginatorConversationID,
    description: data.ResponseDescription,
  };
}
