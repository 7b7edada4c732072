/**
 * The provider-neutral hook for manual payments: a customer who got no prompt pays the shop's
 * Paybill or Till from the phone's menu with the account number the widget showed. The provider
 * asks whether to take the money (validation) and then says it arrived (confirmation). The hook
 * verifies and parses both, and answers in the provider's own format; the kit decides.
 *
 * An adapter offers it as `manualPayments`; Daraja's `c2b` client is bridged here, so adapters
 * need not change to be used.
 */
import type { CallbackInput, Money, ProviderAdapter } from '@lipwa/core';

/** A Paybill/Till payment as the provider reported it, verified. */
export interface ManualPayment {
  /** The account number the customer typed: the checkout's reference. Empty for a till. */
  readonly accountReference: string;
  readonly amount: Money;
  /** The provider's receipt (M-Pesa `TransID`): one payment, however often it is reported. */
  readonly receipt: string;
  /** As the provider reported it (often masked or hashed); never logged. */
  readonly phone?: string | undefined;
  readonly paidAt?: string | undefined;
}

/** Why the kit refuses a payment at validation: the customer's money is not taken. */
export type ManualRefusal = 'unknown_reference' | 'already_paid' | 'wrong_amount';

export interface ManualAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ManualPaymentHook {
  /** Verifies (source, token or signature) and parses a validation request; throws `CallbackError`. */
  parseValidation(input: CallbackInput): ManualPayment | Promise<ManualPayment>;
  /** Verifies and parses a confirmation (the money arrived); throws `CallbackError`. */
  parseConfirmation(input: CallbackInput): ManualPayment | Promise<ManualPayment>;
  accept(): ManualAnswer;
  refuse(why: ManualRefusal): ManualAnswer;
  acknowledge(): ManualAnswer;
}

/** Daraja's `c2b` client, as far as this hook needs it. */
interface DarajaC2bLike {
  parseValidation(input: CallbackInput): DarajaC2bPaymentLike;
  parseConfirmation(input: CallbackInput): DarajaC2bPaymentLike;
  accept(): ManualAnswer;
  reject(code?: string): ManualAnswer;
  acknowledge(): ManualAnswer;
}

interface DarajaC2bPaymentLike {
  readonly transactionId: string;
  readonly transactionTime: string;
  readonly amount: Money;
  readonly billRefNumber: string;
  readonly msisdn?: string | undefined;
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

/** Daraja's validation codes: an unknown or paid account is "Invalid Account Number". */
const darajaRefusals: Record<ManualRefusal, string> = {
  unknown_reference: 'C2B00012',
  already_paid: 'C2B00012',
  wrong_amount: 'C2B00013',
};

function fromDaraja(payment: DarajaC2bPaymentLike): ManualPayment {
  return {
    accountReference: payment.billRefNumber,
    amount: payment.amount,
    receipt: payment.transactionId,
    phone: payment.msisdn,
    paidAt: payment.transactionTime,
  };
}

export function darajaManualPayments(c2b: DarajaC2bLike): ManualPaymentHook {
  return {
    parseValidation: (input) => fromDaraja(c2b.parseValidation(input)),
    parseConfirmation: (input) => fromDaraja(c2b.parseConfirmation(input)),
    accept: () => c2b.accept(),
    refuse: (why) => c2b.reject(darajaRefusals[why]),
    acknowledge: () => c2b.acknowledge(),
  };
}

/** The adapter's manual-payment hook, if it has one (its own, or Daraja's C2B client). */
export function manualPaymentsOf(adapter: ProviderAdapter): ManualPaymentHook | undefined {
  const candidate = adapter as ProviderAdapter & { manualPayments?: unknown; c2b?: unknown };
  if (
    hasFunctions(candidate.manualPayments, [
      'parseValidation',
      'parseConfirmation',
      'accept',
      'refuse',
      'acknowledge',
    ])
  ) {
    return candidate.manualPayments as ManualPaymentHook;
  }
  if (
    hasFunctions(candidate.c2b, [
      'parseValidation',
      'parseConfirmation',
      'accept',
      'reject',
      'acknowledge',
    ])
  ) {
    return darajaManualPayments(candidate.c2b as DarajaC2bLike);
  }
  return undefined;
}
