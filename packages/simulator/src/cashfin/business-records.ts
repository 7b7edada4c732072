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
import { createInvoiceBook } from './business-invoices.js';
import type {
  InvoiceCreate,
  InvoiceUpdate,
  OrderCheckout,
  PageQuery,
  PaymentLinkCreate,
  SubscriptionCreate,
} from './business-requests.js';
import { createSalesBook } from './business-sales.js';
import { notFound, type PageOf } from './business-values.js';
import type { AcceptedPayment, CashfinPayments } from './cashfin-payments.js';

export type { PageOf } from './business-values.js';

export interface CashfinBusiness {
  createInvoice(input: InvoiceCreate): Record<string, unknown>;
  listInvoices(query: PageQuery): PageOf<Record<string, unknown>>;
  invoice(id: string): Record<string, unknown>;
  updateInvoice(id: string, changes: InvoiceUpdate): { _id: string; modified: number };
  createSubscription(input: SubscriptionCreate): Record<string, unknown>;
  subscription(id: string): Record<string, unknown>;
  createPaymentLink(input: PaymentLinkCreate, origin: string): Record<string, unknown>;
  listPaymentLinks(query: PageQuery, origin: string): PageOf<Record<string, unknown>>;
  paymentLink(id: string, origin: string): Record<string, unknown>;
  checkoutOrder(input: OrderCheckout): Record<string, unknown>;
  /** The hosted page's "Pay": prompts `phone` for the link's amount or the invoice's balance. */
  payByCode(code: string, phone: string, amountKes?: number): AcceptedPayment;
  reset(): void;
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
