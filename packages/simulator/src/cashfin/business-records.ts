/**
 * The simulated Cashfin business's invoices, subscriptions, payment links and shop orders,
 * independent of HTTP: the invoices (`business-invoices.ts`) and the subscriptions, payment links
 * and shop orders (`business-sales.ts`) put together behind one `CashfinBusiness`, with the hosted
 * payment page's "Pay" trying an invoice's code first, then a link's. Money is kept in cents and
 * written the way Cashfin writes it (a number of KES); the shared helpers are in
 * `business-values.ts`. Invoices and links are paid through their hosted payment page
 * (`POST /cashfin/pay/:code`), which prompts the virtual phone like any payment.
 */
import type { SimulatorKit } from '../kit.js';
import { createInvoiceBook, type InvoiceBook } from './business-invoices.js';
import { createSalesBook, type SalesBook } from './business-sales.js';
import { notFound } from './business-values.js';
import type { AcceptedPayment, CashfinPayments } from './cashfin-payments.js';

export type { PageOf } from './business-values.js';

/** Both books' operations, with one "Pay" for the hosted page instead of each book's own. */
export interface CashfinBusiness
  extends Omit<InvoiceBook, 'payInvoice'>,
    Omit<SalesBook, 'payLink'> {
  /** The hosted page's "Pay": prompts `phone` for the link's amount or the invoice's balance. */
  payByCode(code: string, phone: string, amountKes?: number): AcceptedPayment;
}

export function createCashfinBusiness(
  kit: SimulatorKit,
  payments: CashfinPayments,
): CashfinBusiness {
  const { payInvoice, reset: resetInvoices, ...invoices } = createInvoiceBook(kit, payments);
  const { payLink, reset: resetSales, ...sales } = createSalesBook(kit, payments);

  return {
    ...invoices,
    ...sales,
    payByCode(linkCode, phone, amountKes) {
      const accepted = payInvoice(linkCode, phone, amountKes) ?? payLink(linkCode, phone);
      if (accepted) return accepted;
      throw notFound('Payment link');
    },
    reset() {
      resetInvoices();
      resetSales();
    },
  };
}
