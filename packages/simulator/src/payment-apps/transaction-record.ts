/**
 * A transaction as the gateway shows it (`GET transaction/{id}`), and the webhook body: the
 * same record plus the driver's `result_code` and `result_desc`, so a merchant can tell a
 * cancellation from a wrong PIN.
 */

import { laravelTime } from './laravel-time.js';
import type { SalamiTransaction } from './payment-apps-gateway.js';

export interface PaymentAppsTransactionRecord {
  id: number;
  payer_account: string;
  payer_name: string | null;
  payee_account: string;
  payee_name: string;
  reference: string;
  /** The M-Pesa receipt once paid; null before. */
  transaction_id: string | null;
  /** Two decimals, as text. */
  amount: string;
  currency: string;
  transaction_time: string | null;
  narration: string | null;
  status: string;
  transaction_type: 'PAYMENT_IN';
  transaction_sub_type: 'CustomerPayBillOnline';
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
  const { request, app } = transaction;
  const paid = transaction.status === 'STATUS_COMPLETED';
  return {
    id: transaction.id,
    payer_account: request.phone,
    // M-Pesa Express callbacks carry no payer name.
    payer_name: null,
    payee_account: app.shortcode,
    payee_name: app.payeeName,
    reference: request.reference,
    transaction_id: transaction.receipt ?? null,
    amount: `${request.amount}.00`,
    currency: 'KES',
    transaction_time: paid ? laravelTime(transaction.updatedAt) : null,
    narration: request.description ?? null,
    status: transaction.status,
    transaction_type: 'PAYMENT_IN',
    transaction_sub_type: 'CustomerPayBillOnline',
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
