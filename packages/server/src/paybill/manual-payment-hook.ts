/**
 * The provider-neutral hook for manual payments: a customer who got no prompt pays the shop's
 * Paybill or Till from the phone's menu with the account number the widget showed. The provider
 * asks whether to take the money (validation) and then says it arrived (confirmation). The hook
 * verifies and parses both, and answers in the provider's own format; the kit decides.
 *
 * An adapter offers it as `manualPayments` (payment-apps does, from its webhooks, with no
 * validation step); Daraja's `c2b` and the Payment Gateway's `paybill`
 * clients are bridged here, so those adapters need not change to be used.
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
  /**
   * False when the provider reports the payment as not (yet) completed: a confirmation that
   * says so is acknowledged and changes nothing. Absent means settled.
   */
  readonly settled?: boolean | undefined;
}

/** Why the kit refuses a payment at validation: the customer's money is not taken. */
export type ManualRefusal = 'unknown_reference' | 'already_paid' | 'wrong_amount';

export interface ManualAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ManualPaymentHook {
  /**
   * Verifies (source, token or signature) and parses a validation request; throws
   * `CallbackError`. Absent when the provider asks the merchant nothing before taking the money
   * (payment-apps: its gateway answers Daraja's validation itself).
   */
  parseValidation?(input: CallbackInput): ManualPayment | Promise<ManualPayment>;
  /** Verifies and parses a confirmation (the money arrived); throws `CallbackError`. */
  parseConfirmation(input: CallbackInput): ManualPayment | Promise<ManualPayment>;
  /**
   * For a provider that reports Paybill payments on its one fixed webhook URL (payment-apps):
   * verifies, then the payment when this webhook is one, or undefined when it is about something
   * else (the checkout's callback handling takes it). Throws `CallbackError` for a forgery.
   */
  parseWebhook?(input: CallbackInput): Promise<ManualPayment | undefined>;
  /** With `parseValidation`: take the money. */
  accept?(): ManualAnswer;
  /** With `parseValidation`: refuse, in the provider's own format. */
  refuse?(why: ManualRefusal): ManualAnswer;
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

/** The Payment Gateway's `paybill` client, as far as this hook needs it. */
interface GatewayPaybillLike {
  parseValidation(input: CallbackInput): Promise<GatewayPaybillPaymentLike>;
  parseCallback(input: CallbackInput): Promise<GatewayPaybillPaymentLike>;
  accept(): ManualAnswer;
  reject(message?: string): ManualAnswer;
  acknowledge(): ManualAnswer;
}

interface GatewayPaybillPaymentLike {
  readonly orderId: string;
  readonly transactionRef?: string | undefined;
  readonly amount: Money;
  readonly billRefNumber: string;
  readonly customer?: string | undefined;
  readonly serviceDateTime?: string | undefined;
  readonly update: { readonly status: string; readonly receipt?: string | undefined };
}

function fromGateway(payment: GatewayPaybillPaymentLike): ManualPayment {
  return {
    accountReference: payment.billRefNumber,
    amount: payment.amount,
    // Stable across copies of one callback: the M-Pesa receipt, else the gateway's order id.
    receipt: payment.update.receipt ?? payment.transactionRef ?? payment.orderId,
    phone: payment.customer,
    paidAt: payment.serviceDateTime,
    settled: payment.update.status === 'completed',
  };
}

/** The gateway refuses with any answer but `{"code":0}`; the message is for its logs. */
const gatewayRefusals: Record<ManualRefusal, string> = {
  unknown_reference: 'unknown account',
  already_paid: 'account already paid',
  wrong_amount: 'wrong amount',
};

export function gatewayManualPayments(paybill: GatewayPaybillLike): ManualPaymentHook {
  return {
    parseValidation: async (input) => ({
      ...fromGateway(await paybill.parseValidation(input)),
      settled: undefined,
    }),
    parseConfirmation: async (input) => fromGateway(await paybill.parseCallback(input)),
    accept: () => paybill.accept(),
    refuse: (why) => paybill.reject(gatewayRefusals[why]),
    acknowledge: () => paybill.acknowledge(),
  };
}

const hookMethods = ['parseConfirmation', 'acknowledge'];
const darajaMethods = ['parseValidation', 'parseConfirmation', 'accept', 'reject', 'acknowledge'];
const gatewayMethods = ['parseValidation', 'parseCallback', 'accept', 'reject', 'acknowledge'];

/** The adapter's manual-payment hook, if it has one (its own, or Daraja's C2B client). */
export function manualPaymentsOf(adapter: ProviderAdapter): ManualPaymentHook | undefined {
  const candidate = adapter as ProviderAdapter & {
    manualPayments?: unknown;
    c2b?: unknown;
    paybill?: unknown;
  };
  if (hasFunctions(candidate.manualPayments, hookMethods)) {
    return candidate.manualPayments as ManualPaymentHook;
  }
  if (hasFunctions(candidate.c2b, darajaMethods)) {
    return darajaManualPayments(candidate.c2b as DarajaC2bLike);
  }
  if (hasFunctions(candidate.paybill, gatewayMethods)) {
    return gatewayManualPayments(candidate.paybill as GatewayPaybillLike);
  }
  return undefined;
}
