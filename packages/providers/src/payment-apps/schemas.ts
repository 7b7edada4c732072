/**
 * The gateway's answers and webhooks as zod schemas. Successes are wrapped in `{data, status,
 * message}` around Daraja-shaped payloads; errors are `{success: false, error, errors?}`.
 * Codes arrive as text or numbers (payment-apps.md), so both are read.
 */
import { z } from 'zod';

const code = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const salamiId = z
  .union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/)])
  .transform(String);

/** `{ data, status, message }`; `status` other than `success` is a failure the gateway reports. */
export const wrapperSchema = z.object({
  data: z.unknown(),
  status: z.string().optional(),
  message: z.string().optional(),
});

/** `{ success: false, error, errors }`, and the odd `retry_after` a proxy adds to a 429. */
export const errorEnvelopeSchema = z.object({
  success: z.literal(false).optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
  retry_after: z.union([z.number(), z.string()]).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** `requestPayment`'s data: Daraja's STK answer plus the Salami id of the transaction it created. */
export const paymentRequestAcceptedSchema = z.object({
  id: salamiId.optional(),
  MerchantRequestID: z.string().optional(),
  CheckoutRequestID: z.string().min(1),
  ResponseCode: code,
  ResponseDescription: z.string().optional(),
  CustomerMessage: z.string().optional(),
});

/** `checkPaymentRequestStatus`'s data: Daraja's STK query answer, ResultCode as text. */
export const paymentRequestStatusSchema = z.object({
  ResponseCode: code.optional(),
  ResponseDescription: z.string().optional(),
  MerchantRequestID: z.string().optional(),
  CheckoutRequestID: z.string().optional(),
  ResultCode: code.pipe(z.string().regex(/^\d{1,6}$/)).optional(),
  ResultDesc: z.string().optional(),
});

/** A transaction record as webhooks carry it (the fields the adapter reads). */
export const webhookRecordSchema = z.object({
  id: salamiId,
  status: z.string().min(1),
  amount: z.union([z.string(), z.number()]).nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  transaction_id: z.string().nullish(),
  payer_account: z.union([z.string(), z.number()]).nullish(),
  transaction_time: z.string().nullish(),
  transaction_type: z.string().nullish(),
  app_id: salamiId.nullish(),
  reference: z.string().nullish(),
  result_code: code.nullish(),
  result_desc: z.string().nullish(),
});
export type WebhookRecord = z.infer<typeof webhookRecordSchema>;
