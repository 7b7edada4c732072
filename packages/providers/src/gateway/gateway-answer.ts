/**
 * The shapes the gateway answers with, parsed leniently where its own samples disagree:
 * `service_version` comes as a number (`11.1`), a string (`"5.2.0"`) or a pipe-separated string;
 * `service_id` is typed as a string and sent as a number; codes may arrive as digit strings.
 * Everything is kept as text except the codes Lipwa decides on.
 */
import { z } from 'zod';
import type { GatewayOutcomeCodes } from './gateway-codes.js';

/** An integer code, as a JSON number or a digit string. */
export const gatewayCode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform((text) => Number(text)),
]);

/** Text that some samples send as a number. */
const text = z.union([z.string(), z.number()]).transform((value) => String(value));

export const gatewayResult = z.looseObject({
  code: gatewayCode,
  message: z.string().nullish(),
});

/** The operator's own code; kept as text (it is not always numeric across operators). */
const providerResult = z.looseObject({
  code: text.nullish(),
  message: z.string().nullish(),
});

/** `payment_c2b` and `status` answer with the same operation shape. */
export const operationAnswerSchema = z.looseObject({
  order_id: text,
  transaction_id: text.nullish(),
  transaction_ref: text.nullish(),
  status: gatewayCode,
  result: gatewayResult,
  provider_result: providerResult.nullish(),
  service_id: text.nullish(),
  service_version: text.nullish(),
  service_date_time: z.string().nullish(),
  // Not in the c2b samples, but paybill callbacks carry them; used when present.
  amount: text.nullish(),
  currency: z.string().nullish(),
  customer_id: text.nullish(),
  // b2c and withdrawal answers: non-zero asks for a second request with confirmation data.
  confirm_type: gatewayCode.nullish(),
});
export type OperationAnswer = z.output<typeof operationAnswerSchema>;

/** Error answers carry only `{ "result": { "code", "message" } }`. */
export const errorAnswerSchema = z.looseObject({ result: gatewayResult });

/** A callback: the generic one has no `status`; a paybill one (`operation_type` 32) does. */
export const callbackSchema = z.looseObject({
  order_id: text,
  transaction_id: text.nullish(),
  transaction_ref: text.nullish(),
  result: gatewayResult,
  status: gatewayCode.nullish(),
  operation_type: gatewayCode.nullish(),
  service_id: text.nullish(),
  service_version: text.nullish(),
  service_date_time: z.string().nullish(),
  signature: z.string(),
});
export type GatewayCallback = z.output<typeof callbackSchema>;

/** Operation type of a paybill payment the customer started from their phone. */
export const PAYBILL_OPERATION_TYPE = 32;

/** The codes an operation answer decides on. */
export function outcomeCodes(answer: OperationAnswer): GatewayOutcomeCodes {
  return {
    status: answer.status,
    resultCode: answer.result.code,
    resultMessage: answer.result.message ?? undefined,
    providerCode: answer.provider_result?.code ?? undefined,
    providerMessage: answer.provider_result?.message || undefined,
  };
}

/** Where a zod failure was, as field paths (never values). */
export function issuePaths(error: z.ZodError): string[] {
  return error.issues.map((issue) => issue.path.join('.') || '(root)');
}
