/**
 * Cashfin's payment webhooks, verified and parsed: `{ type, data }` signed with
 * `x-cashfin-signature`. `payment.completed` and `payment.failed` settle a payment;
 * `payment.initiated` says it is pending; other events (invoices, subscriptions, anything new)
 * change nothing but are acknowledged so Cashfin stops sending them. The fields inside `data`
 * are not documented: the schema below is the assumption the docs page writes down.
 */
import {
  CallbackError,
  fromDecimalString,
  type Money,
  maskMsisdn,
  type StatusUpdate,
} from '@lipwa/core';
import { z } from 'zod';
import { cashfinStatuses, mapCashfinResult } from './result-codes.js';

/** What Cashfin must hear back so it treats the webhook as delivered. */
export const cashfinWebhookAck = Object.freeze({ received: true });

export const cashfinPaymentEvents = [
  'payment.initiated',
  'payment.completed',
  'payment.failed',
] as const;
export type CashfinPaymentEvent = (typeof cashfinPaymentEvents)[number];

function invalid(why: string): CallbackError {
  return new CallbackError('invalid_callback', `Not a Cashfin payment webhook: ${why}.`, {
    details: { why },
  });
}

const eventSchema = z.object({ type: z.string().min(1), data: z.unknown() });

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

/** The payment inside `data`; extra fields are allowed (Cashfin adds fields over time). */
const paymentSchema = z.looseObject({
  _id: z.string().optional(),
  checkoutrequestid: z.string().trim().min(1).max(128),
  merchantrequestid: z.string().optional(),
  referenceid: z.string().nullable().optional(),
  amount: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  phone: text.optional(),
  status: z.string().trim().min(1),
  resultcode: text.optional(),
  resultdesc: z.string().optional(),
  mpesareceiptnumber: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/)
    .optional(),
  updatedat: z.iso.datetime({ offset: true }).optional(),
});
type CashfinPayment = z.infer<typeof paymentSchema>;

/** Cashfin writes money as a number in the account currency; Lipwa keeps minor units. */
function toMoney(amount: number | string, currency: string): Money {
  try {
    return fromDecimalString(String(amount), currency);
  } catch {
    throw invalid(`amount ${String(amount)} is not an amount in ${currency}`);
  }
}

/** Masks a plain number; one Cashfin already masked (`2547 ***** 000`) is kept as sent. */
function masked(phone: string): string {
  return /^\+?\d+$/.test(phone) ? maskMsisdn(phone) : phone;
}

function isPaymentEvent(type: string): type is CashfinPaymentEvent {
  return (cashfinPaymentEvents as readonly string[]).includes(type);
}

/** The canonical update one payment event says; throws when the event and its data disagree. */
function updateFrom(type: CashfinPaymentEvent, payment: CashfinPayment): StatusUpdate {
  const result = mapCashfinResult(payment.status, payment.resultcode, payment.resultdesc);
  const base = {
    providerRef: payment.checkoutrequestid,
    ...(payment.phone ? { phone: masked(payment.phone) } : {}),
  };
  if (type === 'payment.initiated') {
    return { ...base, status: 'pending', providerCode: payment.status };
  }
  if (type === 'payment.completed') {
    // Never `completed` on doubt: the status, the code and the amount must all say paid.
    if (result?.status !== 'completed') {
      throw invalid(`payment.completed with status "${payment.status}"`);
    }
    if (payment.amount === undefined) throw invalid('payment.completed without an amount');
    return {
      ...base,
      status: 'completed',
      providerCode: result.providerCode,
      message: result.message,
      amount: toMoney(payment.amount, payment.currency ?? 'KES'),
      ...(payment.mpesareceiptnumber ? { receipt: payment.mpesareceiptnumber } : {}),
      ...(payment.updatedat ? { paidAt: new Date(payment.updatedat).toISOString() } : {}),
    };
  }
  // payment.failed: a status Cashfin does not document still failed, for an unknown reason.
  const failure =
    result ??
    (Object.hasOwn(cashfinStatuses, payment.status)
      ? undefined
      : {
          status: 'failed' as const,
          reason: 'unknown' as const,
          providerCode: payment.resultcode || payment.status,
          message: payment.resultdesc?.trim() || `Unknown Cashfin status "${payment.status}".`,
        });
  if (!failure || failure.status === 'completed' || failure.status === 'pending') {
    throw invalid(
      `payment.failed with status "${payment.status}" and resultcode "${payment.resultcode ?? ''}"`,
    );
  }
  return {
    ...base,
    status: failure.status,
    ...(failure.reason === undefined ? {} : { reason: failure.reason }),
    providerCode: failure.providerCode,
    message: failure.message,
  };
}

/** Parses a verified webhook body into status updates; throws `CallbackError('invalid_callback')`. */
export function parseCashfinWebhook(rawBody: string): StatusUpdate[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw invalid('the body is not JSON');
  }
  const event = eventSchema.safeParse(json);
  if (!event.success) throw invalid('expected {"type": "...", "data": {...}}');
  if (!isPaymentEvent(event.data.type)) return [];
  const payment = paymentSchema.safeParse(event.data.data);
  if (!payment.success) {
    const fields = [
      ...new Set(payment.error.issues.map((issue) => issue.path.join('.') || 'data')),
    ];
    throw invalid(`data has missing or malformed fields (${fields.join(', ')})`);
  }
  return [updateFrom(event.data.type, payment.data)];
}
