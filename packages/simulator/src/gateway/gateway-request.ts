/**
 * The request bodies the gateway takes, checked after the signature: field rules from
 * payment-gateway-v5.7.2.txt (order_id pattern, two-decimal amounts, listed currencies and
 * providers, the Safaricom phone format). A failed rule answers 400, result code 4, naming the field.
 */
import { z } from 'zod';
import { invalidRequest } from './gateway-error.js';
import { GATEWAY_SAFARICOM_PROVIDER_ID, GATEWAY_TEST_PROVIDER_ID } from './gateway-sandbox.js';

const orderId = z.string().regex(/^[A-Za-z0-9_\-:.]{1,128}$/);

export const paymentC2bSchema = z.looseObject({
  merchant_id: z.string().min(1),
  customer_id: z.string().min(1),
  order_id: orderId,
  // "Amount to pay, should be in format with two digits after point."
  amount: z.string().regex(/^\d+\.\d{2}$/),
  currency: z.enum(['KES', 'USD']),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  callback_url: z.url({ protocol: /^https?$/ }).optional(),
  provider_id: z.union([
    z.literal(GATEWAY_SAFARICOM_PROVIDER_ID),
    z.literal(GATEWAY_TEST_PROVIDER_ID),
  ]),
  signature: z.string(),
});
export type PaymentC2bRequest = z.output<typeof paymentC2bSchema>;

export const statusRequestSchema = z.looseObject({
  merchant_id: z.string().min(1),
  order_id: orderId,
  signature: z.string(),
});
export type StatusRequest = z.output<typeof statusRequestSchema>;

/** Kenya limits one brand publishes for C2B: KES 1.00 to KES 150,000.00. */
const KES_MIN = 1;
const KES_MAX = 150_000;

/** Parses a body against `schema`; throws the gateway's 400 naming the first bad field. */
export function parseRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw invalidRequest(`invalid ${field}`);
  }
  return parsed.data;
}

/** Rules that span fields: Safaricom's phone format, Kenya, and the KES limits. */
export function checkPaymentC2b(request: PaymentC2bRequest): PaymentC2bRequest {
  if (request.provider_id === GATEWAY_SAFARICOM_PROVIDER_ID) {
    if (!/^254\d{9}$/.test(request.customer_id)) throw invalidRequest('invalid customer_id');
    if (request.country !== undefined && request.country !== 'KE') {
      throw invalidRequest('invalid country for provider_id');
    }
  }
  const amount = Number(request.amount);
  if (request.currency === 'KES' && (amount < KES_MIN || amount > KES_MAX)) {
    throw invalidRequest('invalid amount');
  }
  if (amount <= 0) throw invalidRequest('invalid amount');
  return request;
}

/** `payment_b2c`: the c2b fields plus the second step's confirmation data (assumed a code). */
export const paymentB2cSchema = paymentC2bSchema.extend({
  confirmation_code: z.string().max(32).optional(),
});
export type PaymentB2cRequest = z.output<typeof paymentB2cSchema>;

/** The POS provider: "Can be 15 only". */
export const GATEWAY_POS_PROVIDER_ID = 15;

const posBase = {
  merchant_id: z.string().min(1),
  customer_id: z.string().regex(/^254\d{9}$/),
  order_id: orderId,
  amount: z.string().regex(/^\d+\.\d{2}$/),
  currency: z.enum(['KES', 'USD']),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
  provider_id: z.literal(GATEWAY_POS_PROVIDER_ID),
  destination_id: z.union([z.string(), z.number()]).optional(),
  signature: z.string(),
};
export const posDepositSchema = z.looseObject(posBase);
export const posWithdrawalSchema = z.looseObject({
  ...posBase,
  confirmation_code: z.string().max(32).optional(),
});
export type PosDepositRequest = z.output<typeof posDepositSchema>;
export type PosWithdrawalRequest = z.output<typeof posWithdrawalSchema>;

/** Kenya limits one brand publishes for B2C: KES 500.00 to KES 150,000.00. */
const B2C_KES_MIN = 500;

export function checkPaymentB2c(request: PaymentB2cRequest): PaymentB2cRequest {
  checkPaymentC2b(request);
  if (request.currency === 'KES' && Number(request.amount) < B2C_KES_MIN) {
    throw invalidRequest('invalid amount');
  }
  return request;
}

/** Assumed: POS operations keep the C2B limits (none are published for them). */
export function checkPos<T extends PosDepositRequest>(request: T): T {
  const amount = Number(request.amount);
  if (amount <= 0 || (request.currency === 'KES' && (amount < KES_MIN || amount > KES_MAX))) {
    throw invalidRequest('invalid amount');
  }
  return request;
}

/** What the sandbox-only paybill endpoints take (not part of the gateway's API). */
export const paybillUrlsSchema = z.strictObject({
  callback_url: z.url({ protocol: /^https?$/ }),
  validation_url: z.url({ protocol: /^https?$/ }).optional(),
});
export const paybillPaymentSchema = z.strictObject({
  customer_id: z.string().regex(/^254[17]\d{8}$/),
  bill_ref_number: z.string().min(1).max(20),
  amount: z.string().regex(/^\d+\.\d{2}$/),
  first_name: z.string().max(40).optional(),
});
