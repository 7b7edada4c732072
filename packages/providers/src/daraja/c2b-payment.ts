/**
 * What Daraja POSTs to the C2B validation and confirmation URLs when a customer pays the
 * paybill or till from the M-Pesa menu (all values text), and what the merchant answers. The
 * source is checked first (Daraja signs nothing); a payment to another shortcode is refused.
 */
import {
  CallbackError,
  type CallbackInput,
  EAT_OFFSET_MINUTES,
  type Money,
  parseCompactTimestamp,
} from '@lipwa/core';
import { z } from 'zod';
import { checkTrustedCallback } from './callback-trust.js';
import type { DarajaConfig } from './daraja-options.js';

/** A paybill or till payment as Daraja reports it. */
export interface DarajaC2bPayment {
  /** `Pay Bill`, `Buy Goods`, … as Daraja wrote it. */
  readonly transactionType: string;
  /** The M-Pesa receipt, e.g. `RKTQDM7W6S`. */
  readonly transactionId: string;
  /** ISO 8601 UTC, from `TransTime` (Nairobi time). */
  readonly transactionTime: string;
  readonly amount: Money;
  readonly businessShortCode: string;
  /** The account number the customer typed (empty for a till). */
  readonly billRefNumber: string;
  readonly invoiceNumber?: string | undefined;
  /** The organisation's balance after the payment (confirmations only). */
  readonly orgAccountBalance?: Money | undefined;
  readonly thirdPartyTransId?: string | undefined;
  /** Masked or hashed by Daraja; kept as text, never trusted as a number. */
  readonly msisdn?: string | undefined;
  readonly firstName?: string | undefined;
  readonly middleName?: string | undefined;
  readonly lastName?: string | undefined;
}

/** Daraja's rejection codes for a validation answer. */
export const c2bRejectionCodes = Object.freeze({
  C2B00011: 'Invalid MSISDN',
  C2B00012: 'Invalid Account Number',
  C2B00013: 'Invalid Amount',
  C2B00014: 'Invalid KYC Details',
  C2B00015: 'Invalid Shortcode',
  C2B00016: 'Other Error',
});
export type C2bRejectionCode = keyof typeof c2bRejectionCodes;

export interface DarajaCallbackAnswer {
  readonly status: 200;
  readonly body: { readonly ResultCode: string | number; readonly ResultDesc: string };
}

/** Take the payment. */
export function acceptC2b(): DarajaCallbackAnswer {
  return { status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted' } };
}

/** Refuse the payment (the customer's money is not taken). */
export function rejectC2b(code: C2bRejectionCode = 'C2B00016'): DarajaCallbackAnswer {
  if (!Object.hasOwn(c2bRejectionCodes, code)) {
    throw new TypeError(`Unknown C2B rejection code ${code}: use one of C2B00011-C2B00016.`);
  }
  return { status: 200, body: { ResultCode: code, ResultDesc: 'Rejected' } };
}

/** The acknowledgement of a confirmation (Daraja only needs a 200). */
export function acknowledgeC2b(): DarajaCallbackAnswer {
  return { status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } };
}

// Documented as text; some accounts send numbers. Both are read as text.
const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const optionalText = text.nullish().transform((value) => (value ? value : undefined));

const paymentSchema = z.looseObject({
  TransactionType: text,
  TransID: text.pipe(z.string().regex(/^[A-Za-z0-9]{1,32}$/)),
  TransTime: text,
  TransAmount: text,
  BusinessShortCode: text.pipe(z.string().regex(/^\d{5,7}$/)),
  BillRefNumber: optionalText,
  InvoiceNumber: optionalText,
  OrgAccountBalance: optionalText,
  ThirdPartyTransID: optionalText,
  MSISDN: optionalText,
  FirstName: optionalText,
  MiddleName: optionalText,
  LastName: optionalText,
});

function invalid(what: string, why: string, details: Record<string, unknown> = {}): CallbackError {
  return new CallbackError('invalid_callback', `Not a Daraja C2B ${what}: ${why}.`, {
    details: { why, ...details },
  });
}

function shillings(value: string | undefined, allowZero: boolean): Money | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec((value ?? '').replace(/,/g, ''));
  if (!match) return undefined;
  const cents = Number(`${match[1]}${(match[2] ?? '').padEnd(2, '0')}`);
  if (!Number.isSafeInteger(cents) || (!allowZero && cents === 0)) return undefined;
  return { amount: cents, currency: 'KES' };
}

/** Checks source, JSON and shape; `what` is `validation` or `confirmation`. */
export function parseC2bPayment(
  config: DarajaConfig,
  input: CallbackInput,
  what: 'validation' | 'confirmation',
): DarajaC2bPayment {
  checkTrustedCallback(config, input, `C2B ${what}`);
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch {
    throw invalid(what, 'the body is not JSON');
  }
  const parsed = paymentSchema.safeParse(body);
  if (!parsed.success) {
    throw invalid(what, 'it lacks the documented fields', {
      fields: parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'),
    });
  }
  const payment = parsed.data;
  if (
    payment.BusinessShortCode !== config.shortcode &&
    payment.BusinessShortCode !== config.partyB
  ) {
    throw new CallbackError(
      'callback_unauthorized',
      `The C2B ${what} is for shortcode ${payment.BusinessShortCode}, not this adapter's ${config.shortcode}: refused.`,
      { details: { businessShortCode: payment.BusinessShortCode } },
    );
  }
  const amount = shillings(payment.TransAmount, false);
  if (!amount) throw invalid(what, 'TransAmount must be a positive amount of shillings');
  const time = parseCompactTimestamp(payment.TransTime, EAT_OFFSET_MINUTES);
  if (time === undefined) throw invalid(what, 'TransTime must be YYYYMMDDHHmmss');
  return {
    transactionType: payment.TransactionType,
    transactionId: payment.TransID,
    transactionTime: new Date(time).toISOString(),
    amount,
    businessShortCode: payment.BusinessShortCode,
    billRefNumber: payment.BillRefNumber ?? '',
    invoiceNumber: payment.InvoiceNumber,
    orgAccountBalance: shillings(payment.OrgAccountBalance, true),
    thirdPartyTransId: payment.ThirdPartyTransID,
    msisdn: payment.MSISDN,
    firstName: payment.FirstName,
    middleName: payment.MiddleName,
    lastName: payment.LastName,
  };
}
