/**
 * A transaction record as the gateway shows it (`transaction/{id}`, `queryTransactions`,
 * `fetchTransactions`, webhooks), checked with zod and returned in Lipwa's terms: ids as text,
 * the amount as `Money`, snake_case names in camelCase. Unknown statuses and types are passed
 * through as the gateway wrote them.
 */
import { fromDecimalString, type Money } from '@lipwa/core';
import { z } from 'zod';

export type PaymentAppsRecordStatus =
  | 'STATUS_PENDING'
  | 'STATUS_COMPLETED'
  | 'STATUS_FAILED'
  | 'STATUS_DECLINED'
  | 'STATUS_REVERSED';

export interface PaymentAppsParty {
  readonly account: string | null;
  readonly name: string | null;
}

export interface PaymentAppsTransaction {
  /** The Salami id. */
  readonly id: string;
  readonly appId?: string | undefined;
  readonly status: PaymentAppsRecordStatus | (string & {});
  /** `PAYMENT_IN` (money received) or `PAYMENT_OUT` (payouts, airtime, reversals). */
  readonly type: 'PAYMENT_IN' | 'PAYMENT_OUT' | (string & {});
  /** `CustomerPayBillOnline`, `BusinessPayment`, `Airtime`, `TransactionReversal`, … */
  readonly subType?: string | undefined;
  readonly payer: PaymentAppsParty;
  readonly payee: PaymentAppsParty;
  readonly amount: Money;
  readonly reference?: string | undefined;
  /** The M-Pesa receipt (`transaction_id`), once the money moved. */
  readonly receipt?: string | undefined;
  readonly narration?: string | undefined;
  /** The app's driver (`MpesaKeExpress`, `MpesaKeB2C`, …). */
  readonly provider?: string | undefined;
  readonly transactionTime?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly updatedAt?: string | undefined;
}

const id = z.union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/)]).transform(String);
const text = z.union([z.string(), z.number()]).transform(String).nullish();

/** `"100.00"` or `100`, with the currency beside it, as `Money`. */
function moneyOf(amount: string | number, currency: string, ctx: z.RefinementCtx): Money {
  try {
    return fromDecimalString(typeof amount === 'number' ? amount.toFixed(2) : amount, currency);
  } catch {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'not a positive decimal amount' });
    return z.NEVER;
  }
}

export const transactionRecordSchema = z
  .looseObject({
    id,
    app_id: id.nullish(),
    status: z.string().min(1),
    transaction_type: z.string().min(1).default('PAYMENT_IN'),
    transaction_sub_type: z.string().nullish(),
    payer_account: text,
    payer_name: z.string().nullish(),
    payee_account: text,
    payee_name: z.string().nullish(),
    amount: z.union([z.string(), z.number()]),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullish(),
    reference: z.string().nullish(),
    transaction_id: z.string().nullish(),
    narration: z.string().nullish(),
    payment_provider: z.string().nullish(),
    transaction_time: z.string().nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .transform(
    (wire, ctx): PaymentAppsTransaction => ({
      id: wire.id,
      appId: wire.app_id ?? undefined,
      status: wire.status,
      type: wire.transaction_type,
      subType: wire.transaction_sub_type ?? undefined,
      payer: { account: wire.payer_account ?? null, name: wire.payer_name ?? null },
      payee: { account: wire.payee_account ?? null, name: wire.payee_name ?? null },
      // Records without a currency are the M-Pesa app's: KES.
      amount: moneyOf(wire.amount, wire.currency ?? 'KES', ctx),
      reference: wire.reference ?? undefined,
      receipt: wire.transaction_id ?? undefined,
      narration: wire.narration ?? undefined,
      provider: wire.payment_provider ?? undefined,
      transactionTime: wire.transaction_time ?? undefined,
      createdAt: wire.created_at ?? undefined,
      updatedAt: wire.updated_at ?? undefined,
    }),
  );
