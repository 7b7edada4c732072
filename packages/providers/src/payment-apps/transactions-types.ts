/**
 * The public shapes of the payment-app transaction operations: what `status`, `extract` and
 * `simulate` take and return, and the `PaymentAppsTransactions` client's interface. Apart from the
 * answer schemas (`transactions-wire.ts`) and the client (`transactions-client.ts`, which
 * re-exports them) so each reads on its own.
 */
import type { Money, PaymentStatus, StatusUpdate } from '@lipwa/core';
import type { PaginatedList } from '../common/paginated-list.js';
import type { PaymentAppsCommandAccepted } from './command-accepted.js';
import type { AppCallOptions } from './money-out.js';
import type { PaymentAppsTransaction } from './transaction-record.js';

export interface PaymentAppsTransactionStatus {
  readonly transactionId: string;
  /** Lipwa's reading: `pending` until the gateway says a result; `reversed` when it says so. */
  readonly status: PaymentStatus;
  readonly reason?: string | undefined;
  /** Daraja's ResultCode as text, when there is one. */
  readonly resultCode?: string | undefined;
  readonly resultDesc?: string | undefined;
  /** The M-Pesa receipt (`TransactionID`). */
  readonly receipt?: string | undefined;
  /** Daraja's words: `Completed`, `Failed`, `Pending`, `Reversed`, … */
  readonly transactionStatus?: string | undefined;
  readonly conversationId?: string | undefined;
  readonly originatorConversationId?: string | undefined;
}

export interface PaymentAppsExtractedTransaction {
  readonly id?: string | undefined;
  /** The M-Pesa transaction id the SMS names. */
  readonly receipt: string;
  readonly amount: Money;
  readonly payerName?: string | undefined;
  readonly payerAccount?: string | undefined;
  readonly transactionTime?: string | undefined;
  readonly status: string;
  readonly type?: string | undefined;
}

export interface PaymentAppsSimulation {
  /** Sandbox C2B payment from `phone` to the app's paybill. */
  readonly phone: string;
  /** Whole KES from 1 to 250,000. */
  readonly amount: Money;
  /** The bill reference (account number), 1-20 characters. */
  readonly reference: string;
}

export interface PaymentAppsSimulated {
  readonly transactionId?: string | undefined;
  readonly originatorConversationId?: string | undefined;
}

export interface TransactionListOptions extends AppCallOptions {
  /** Records per page, 1-100 (the gateway's default is 15). */
  readonly perPage?: number;
}

export interface PaymentAppsTransactions {
  get(id: string, options?: AppCallOptions): Promise<PaymentAppsTransaction>;
  list(options?: TransactionListOptions): PaginatedList<PaymentAppsTransaction>;
  fetch(options?: AppCallOptions): Promise<PaymentAppsTransaction[]>;
  status(id: string, options?: AppCallOptions): Promise<PaymentAppsTransactionStatus>;
  checkPaymentRequest(id: string, options?: AppCallOptions): Promise<StatusUpdate>;
  reverse(id: string, options?: AppCallOptions): Promise<PaymentAppsCommandAccepted>;
  extract(message: string, options?: AppCallOptions): Promise<PaymentAppsExtractedTransaction>;
  simulate(
    simulation: PaymentAppsSimulation,
    options?: AppCallOptions,
  ): Promise<PaymentAppsSimulated>;
  instructions(id: string, options?: AppCallOptions): Promise<string>;
}
