/**
 * The public shapes of Cashfin invoices: what a merchant sends to create or update one, the
 * `CashfinInvoice` they get back, the documented statuses and the `CashfinInvoices` client's
 * interface. Apart from the wire format (`invoice-wire.ts`) and the client (`invoices.ts`, which
 * re-exports them) so each reads on its own.
 */
import type { Money } from '@lipwa/core';
import type { PaginatedList } from '../common/paginated-list.js';
import type { CashfinLineItem, CashfinLineItemInput } from './line-items.js';
import type { ListOptions } from './list-pages.js';

export const cashfinInvoiceStatuses = [
  'draft',
  'unpaid',
  'partially_paid',
  'paid',
  'overdue',
  'cancelled',
] as const;
export type CashfinInvoiceStatus = (typeof cashfinInvoiceStatuses)[number];

export type CashfinDiscount =
  | { readonly type: 'percentage'; readonly percent: number }
  | { readonly type: 'fixed'; readonly amount: Money };

export interface CreateCashfinInvoice {
  /** An existing customer on the Cashfin account. */
  readonly customerId: string;
  readonly items: readonly CashfinLineItemInput[];
  readonly dueDate: Date | string;
  readonly title?: string;
  readonly description?: string;
  readonly invoiceDate?: Date | string;
  readonly taxId?: string;
  readonly discount?: CashfinDiscount;
  readonly remark?: string;
}

/** What an update may change; at least one field. */
export interface UpdateCashfinInvoice {
  readonly items?: readonly CashfinLineItemInput[];
  readonly dueDate?: Date | string;
  readonly title?: string;
  readonly description?: string;
  readonly invoiceDate?: Date | string;
  readonly taxId?: string;
  readonly discount?: CashfinDiscount;
  readonly remark?: string;
  /** Issue a draft (`unpaid`), take it back to `draft`, or cancel it. */
  readonly status?: 'draft' | 'unpaid' | 'cancelled';
}

export interface CashfinInvoice {
  readonly id: string;
  /** Cashfin's human number (`INV-000042`), when it gives one. */
  readonly number?: string | undefined;
  readonly customerId: string;
  /** A documented status; an undocumented one is passed through as Cashfin wrote it. */
  readonly status: CashfinInvoiceStatus | (string & {});
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly items: readonly CashfinLineItem[];
  readonly subtotal?: Money | undefined;
  readonly total?: Money | undefined;
  readonly amountPaid?: Money | undefined;
  /** What is still owed. */
  readonly balance?: Money | undefined;
  readonly discount?: number | undefined;
  readonly discountType?: 'percentage' | 'fixed' | undefined;
  readonly taxId?: string | undefined;
  readonly invoiceDate?: string | undefined;
  readonly dueDate?: string | undefined;
  /** The invoice's payment link, which Cashfin creates with every invoice. */
  readonly paymentLink?: string | undefined;
  readonly remark?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly updatedAt?: string | undefined;
}

export interface CashfinInvoiceUpdated {
  readonly id: string;
  /** How many records Cashfin changed (0 when nothing differed). */
  readonly modified: number;
}

export interface InvoiceListOptions extends ListOptions {
  readonly status?: CashfinInvoiceStatus;
}

export interface CashfinInvoices {
  create(input: CreateCashfinInvoice, options?: { signal?: AbortSignal }): Promise<CashfinInvoice>;
  /** Every invoice, newest first as Cashfin orders them, page by page as the caller reads. */
  list(options?: InvoiceListOptions): PaginatedList<CashfinInvoice>;
  details(id: string, options?: { signal?: AbortSignal }): Promise<CashfinInvoice>;
  update(
    id: string,
    changes: UpdateCashfinInvoice,
    options?: { signal?: AbortSignal },
  ): Promise<CashfinInvoiceUpdated>;
}
