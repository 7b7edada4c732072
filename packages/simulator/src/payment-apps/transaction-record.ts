/**
 * A transaction as the gateway shows it (`GET transaction/{id}`, `queryTransactions`,
 * `fetchTransactions`), and the webhook body: the same record plus the driver's `result_code`
 * and `result_desc`, so a merchant can tell a cancellation from a wrong PIN.
 */

import { laravelTime } from './laravel-time.js';
import type { SalamiTransaction } from './ledger.js';

export interface PaymentAppsTransactionRecord {
  id: number;
  payer_account: string;
  payer_name: string | null;
  payee_account: string;
  payee_name: string | null;
  reference: string | null;
  /** The M-Pesa receipt once completed; null before. */
  transaction_id: string | null;
  /** Two decimals, as text. */
  amount: string;
  currency: string;
  transaction_time: string | null;
  narration: string | null;
  status: string;
  transaction_type: 'PAYMENT_IN' | 'PAYMENT_OUT';
  transaction_sub_type: string;
  payment_provider: string;
  app_id: number;
  created_at: string;
  updated_at: string;
}

export interface PaymentAppsWebhookBody extends PaymentAppsTransactionRecord {
  /** Daraja's ResultCode as text; null while pending. */
  result_code: string | null;
  result_desc: string | null;
}

export function transactionRecord(transaction: SalamiTransaction): PaymentAppsTransactionRecord {
  const { app } = transaction;
  const done =
    transaction.status === 'STATUS_COMPLETED' || transaction.status === 'STATUS_REVERSED';
  const movedAt = transaction.transactionTime ?? (done ? transaction.updatedAt : undefined);
  return {
    id: transaction.id,
    payer_account: transaction.payer.account,
    payer_name: transaction.payer.name,
    payee_account: transaction.payee.account,
    payee_name: transaction.payee.name,
    reference: transaction.reference,
    transaction_id: transaction.receipt ?? null,
    amount: transaction.amount.toFixed(2),
    currency: transaction.currency,
    transaction_time: movedAt === undefined ? null : laravelTime(movedAt),
    narration: transaction.narration,
    status: transaction.status,
    transaction_type: transaction.type,
    transaction_sub_type: transaction.subType,
    payment_provider: app.type,
    app_id: app.id,
    created_at: laravelTime(transaction.createdAt),
    updated_at: laravelTime(transaction.updatedAt),
  };
}

export function webhookBody(transaction: SalamiTransaction): PaymentAppsWebhookBody {
  return {
    ...transactionRecord(transaction),
    result_code: transaction.result === undefined ? null : String(transaction.result.resultCode),
    result_desc: transaction.result?.resultDesc ?? null,
  };
}
