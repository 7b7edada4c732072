/**
 * What the simulated Cashfin business's records share: money in cents written as Cashfin's number
 * of KES, ids, line items priced from the sandbox catalogue, Cashfin's 404/409 answers and its
 * page shape. Apart from the records themselves (`business-invoices.ts`, `business-sales.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { InvoiceCreate, PageQuery } from './business-requests.js';
import { CashfinHttpError } from './cashfin-error.js';
import { cashfinSandboxCatalogue } from './catalogue.js';

export const DAY_MS = 86_400_000;

/** Cents to Cashfin's number of KES. */
export const kes = (cents: number) => cents / 100;
export const cents = (amount: number) => Math.round(amount * 100);

export function objectId(): string {
  return randomBytes(12).toString('hex');
}

export interface LineItem {
  readonly itemid: string;
  readonly name: string;
  readonly quantity: number;
  readonly rate: number;
}

export interface PageOf<T> {
  readonly data: T[];
  readonly meta: { total: number; page: number; limit: number; pages: number };
}

export function notFound(what: string): CashfinHttpError {
  return new CashfinHttpError(404, {
    success: false,
    error: `${what} not found`,
    message: `The requested ${what.toLowerCase()} does not exist.`,
  });
}

export function conflict(error: string, message: string): CashfinHttpError {
  return new CashfinHttpError(409, { success: false, error, message });
}

export function lineItems(items: InvoiceCreate['items']): LineItem[] {
  return items.map((item) => {
    const product = cashfinSandboxCatalogue.products.find((p) => p._id === item.itemid);
    return {
      itemid: item.itemid,
      name: item.name ?? product?.title ?? 'Item',
      quantity: item.quantity,
      rate: item.rate,
    };
  });
}

export function subtotalCents(items: readonly LineItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * cents(item.rate), 0);
}

export function page<T>(all: T[], query: PageQuery): PageOf<T> {
  const start = (query.page - 1) * query.limit;
  return {
    data: all.slice(start, start + query.limit),
    meta: {
      total: all.length,
      page: query.page,
      limit: query.limit,
      pages: Math.max(1, Math.ceil(all.length / query.limit)),
    },
  };
}
