/**
 * The gateway's transaction records, whatever made them: an M-Pesa Express request, a payout
 * (sendMoney), airtime, a C2B payment (simulated or extracted from an SMS), a reversal. Each has
 * a Salami id, a direction (`PAYMENT_IN` / `PAYMENT_OUT`), both parties, and once settled its
 * `STATUS_*`, the driver's result and the M-Pesa receipt. Settling posts the signed webhook.
 */
import { maskMsisdn } from '@lipwa/core';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { GatewayHttpError } from './gateway-error.js';
import type { RecordedResult, SalamiStatus } from './outcome-codes.js';
import type { SimulatedPaymentApp } from './sandbox.js';
import { deliverWebhook } from './webhook.js';

export interface Party {
  readonly account: string;
  readonly name: string | null;
}

export type TransactionType = 'PAYMENT_IN' | 'PAYMENT_OUT';

/** One transaction record; `id` is its Salami id. */
export interface SalamiTransaction {
  readonly id: number;
  readonly app: SimulatedPaymentApp;
  readonly type: TransactionType;
  /** `CustomerPayBillOnline` (STK), `BusinessPayment`, `Airtime`, `TransactionReversal`, … */
  readonly subType: string;
  readonly payer: Party;
  readonly payee: Party;
  /** KES, at most two decimals. */
  readonly amount: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly narration: string | null;
  readonly createdAt: number;
  /** M-Pesa Express only: the prompt's ids. */
  readonly checkoutRequestId?: string | undefined;
  readonly merchantRequestId?: string | undefined;
  /** Asynchronous Daraja commands (payouts, airtime, reversals). */
  readonly conversationId?: string | undefined;
  readonly originatorConversationId?: string | undefined;
  /** The Salami id this reverses. */
  readonly reversalOf?: number | undefined;
  status: SalamiStatus;
  result: RecordedResult | undefined;
  /** The M-Pesa receipt (the record's `transaction_id`), once completed. */
  receipt: string | undefined;
  /** When the money moved, if not when the record last changed (an SMS says its own time). */
  transactionTime: number | undefined;
  /** The reversal's Salami id, once one is asked for. */
  reversedBy: number | undefined;
  updatedAt: number;
}

export type NewTransaction = Omit<
  SalamiTransaction,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'status'
  | 'result'
  | 'receipt'
  | 'transactionTime'
  | 'reversedBy'
> &
  Partial<Pick<SalamiTransaction, 'status' | 'result' | 'receipt' | 'transactionTime'>>;

export interface Ledger {
  add(fields: NewTransaction): SalamiTransaction;
  /** The app's transaction with that Salami id; the gateway's 404 otherwise. */
  get(app: SimulatedPaymentApp, transactionId: string): SalamiTransaction;
  /** The app's transactions, newest first. */
  list(app: SimulatedPaymentApp): SalamiTransaction[];
  /** The app's transaction with that M-Pesa receipt, if any. */
  byReceipt(app: SimulatedPaymentApp, receipt: string): SalamiTransaction | undefined;
  /** Records the result and posts the webhook `copies` times. */
  settle(transaction: SalamiTransaction, result: RecordedResult, copies: 0 | 1 | 2): Promise<void>;
}

export function createLedger(kit: SimulatorKit): Ledger {
  const transactions = new Map<number, SalamiTransaction>();
  let nextId = 1;

  return {
    add(fields) {
      const now = kit.now();
      const transaction: SalamiTransaction = {
        status: 'STATUS_PENDING',
        result: undefined,
        receipt: undefined,
        transactionTime: undefined,
        ...fields,
        id: nextId++,
        createdAt: now,
        updatedAt: now,
        reversedBy: undefined,
      };
      transactions.set(transaction.id, transaction);
      return transaction;
    },
    get(app, transactionId) {
      const transaction = /^\d{1,9}$/.test(transactionId)
        ? transactions.get(Number(transactionId))
        : undefined;
      if (!transaction || transaction.app.id !== app.id) {
        throw new GatewayHttpError(404, 'Transaction not found.');
      }
      return transaction;
    },
    list(app) {
      return [...transactions.values()].filter((t) => t.app.id === app.id).reverse();
    },
    byReceipt(app, receipt) {
      return [...transactions.values()].find((t) => t.app.id === app.id && t.receipt === receipt);
    },
    settle(transaction, result, copies) {
      transaction.status = result.status;
      transaction.result = result;
      transaction.updatedAt = kit.now();
      if (result.status === 'STATUS_COMPLETED') {
        transaction.receipt ??= receiptNumber(kit.now());
        transaction.transactionTime ??= kit.now();
      }
      const party = transaction.type === 'PAYMENT_IN' ? transaction.payer : transaction.payee;
      kit.log(
        `payment-apps transaction ${transaction.id} ${maskMsisdn(party.account)} settled ${result.status} (${result.resultCode})`,
      );
      return kit.track(deliverWebhook(kit, transaction, copies));
    },
  };
}
