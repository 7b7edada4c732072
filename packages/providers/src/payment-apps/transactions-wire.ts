/**
 * The gateway's answers to getTransactionStatus, extractTransaction and simulateTransaction as
 * zod schemas, and how a status answer is read into a `PaymentAppsTransactionStatus`. Apart from
 * the client (`transactions-client.ts`), which only sends and checks the ResponseCode.
 */
import { fromDecimalString } from '@lipwa/core';
import { z } from 'zod';
import { salamiIdSchema } from './command-accepted.js';
import { mapPaymentRequestResult } from './status-codes.js';
import type {
  PaymentAppsExtractedTransaction,
  PaymentAppsTransactionStatus,
} from './transactions-types.js';

const code = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

export const statusSchema = z.looseObject({
  ResponseCode: code.optional(),
  ResponseDescription: z.string().optional(),
  OriginatorConversationID: z.string().nullish(),
  ConversationID: z.string().nullish(),
  TransactionID: z.string().nullish(),
  TransactionStatus: z.string().optional(),
  ResultCode: code.pipe(z.string().regex(/^[A-Z0-9]{1,12}$/i)).optional(),
  ResultDesc: z.string().optional(),
});

export const extractedSchema = z
  .looseObject({
    id: salamiIdSchema.optional(),
    transaction_id: z.string().regex(/^[A-Z0-9]{10}$/),
    // A number here, text elsewhere (payment-apps.md): both are read.
    amount: z
      .union([z.number().positive(), z.string().regex(/^\d+(\.\d{1,2})?$/)])
      .refine((value) => Number(value) > 0, 'must be positive'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    payer_name: z.string().nullish(),
    payer_account: z.string().nullish(),
    transaction_time: z.string().nullish(),
    status: z.string().min(1),
    transaction_type: z.string().optional(),
  })
  .transform(
    (wire): PaymentAppsExtractedTransaction => ({
      id: wire.id,
      receipt: wire.transaction_id,
      amount: fromDecimalString(
        typeof wire.amount === 'number' ? wire.amount.toFixed(2) : wire.amount,
        wire.currency ?? 'KES',
      ),
      payerName: wire.payer_name ?? undefined,
      payerAccount: wire.payer_account ?? undefined,
      transactionTime: wire.transaction_time ?? undefined,
      status: wire.status,
      type: wire.transaction_type,
    }),
  );

export const simulatedSchema = z.looseObject({
  id: salamiIdSchema.optional(),
  // Daraja's C2B simulate answer spells it "OriginatorCoversationID"; read both.
  OriginatorCoversationID: z.string().optional(),
  OriginatorConversationID: z.string().optional(),
  ResponseCode: code,
  ResponseDescription: z.string().optional(),
});

export function statusFrom(
  id: string,
  data: z.infer<typeof statusSchema>,
): PaymentAppsTransactionStatus {
  const reversed = data.TransactionStatus?.toLowerCase() === 'reversed';
  const mapped = mapPaymentRequestResult(data.ResultCode, data.ResultDesc);
  return {
    transactionId: id,
    status: reversed ? 'reversed' : mapped.status,
    reason: reversed ? undefined : mapped.reason,
    resultCode: data.ResultCode,
    resultDesc: data.ResultDesc,
    receipt: data.TransactionID ?? undefined,
    transactionStatus: data.TransactionStatus,
    conversationId: data.ConversationID ?? undefined,
    originatorConversationId: data.OriginatorConversationID ?? undefined,
  };
}
