/**
 * The charge object (documented in CashPay's getting-started guide), validated with zod, and its
 * translation into a canonical `StatusUpdate`. Extra fields are allowed: CashPay may add some.
 */
import { type Money, minorUnitExponent, type StatusUpdate } from '@lipwa/core';
import { z } from 'zod';
import { mapCashpayStatus } from './charge-statuses.js';

/** `chg_` plus letters, digits, `_` or `-`; also what a webhook must name. */
export const chargeIdSchema = z.string().regex(/^chg_[A-Za-z0-9_-]{1,64}$/);

export const chargeSchema = z.looseObject({
  id: chargeIdSchema,
  status: z.string().min(1).max(40),
  /** Whole units of `currency` (the example's 2000 is YER 2,000). */
  // Bounded so the amount stays a safe integer in minor units, whatever the exponent.
  amount: z
    .number()
    .int()
    .nonnegative()
    .max(Math.floor(Number.MAX_SAFE_INTEGER / 1000)),
  currency: z.string().regex(/^[A-Z]{3}$/),
  description: z.string().nullish(),
  transaction_url: z.url({ protocol: /^https?$/ }).nullish(),
  /** Unix seconds. */
  created: z.number().nonnegative().nullish(),
});

export type CashpayCharge = z.infer<typeof chargeSchema>;

/** Whole units on the wire -> Lipwa's minor units (YER 2,000 -> 200000). */
export function chargeMoney(charge: Pick<CashpayCharge, 'amount' | 'currency'>): Money {
  return {
    amount: charge.amount * 10 ** minorUnitExponent(charge.currency),
    currency: charge.currency,
  };
}

/** What a fetched charge says about the payment. No receipt or phone: CashPay gives neither. */
export function chargeUpdate(charge: CashpayCharge): StatusUpdate {
  const mapped = mapCashpayStatus(charge.status);
  return {
    providerRef: charge.id,
    status: mapped.status,
    ...(mapped.reason === undefined ? {} : { reason: mapped.reason }),
    providerCode: mapped.providerCode,
    message: mapped.message,
    amount: chargeMoney(charge),
  };
}
