/**
 * The simulated Cashfin business's invoices, subscriptions, payment links and shop orders,
 * independent of HTTP. Money is kept in cents and written the way Cashfin writes it (a number of
 * KES); an invoice's status follows its payments and due date (`unpaid` becomes `overdue` once the
 * due date passes on the simulator's clock). Invoices and links are paid through their hosted
 * payment page (`POST /cashfin/pay/:code`), which prompts the virtual phone like any payment.
 */
import { randomBytes } from 'node:crypto';
import { maskMsisdn } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import {
  type BillingCycle,
  billingCycleDays,
  type InvoiceCreate,
  type InvoiceStatus,
  type InvoiceUpdate,
  type OrderCheckout,
  type PageQuery,
  type PaymentLinkCreate,
  type SubscriptionCreate,
} from './business-requests.js';
import { CashfinHttpError, validationFailed } from './cashfin-error.js';
import type { AcceptedPayment, CashfinPayments } from './cashfin-payments.js';
import { cashfinSandboxCatalogue } from './catalogue.js';
import { MAX_AMOUNT_KES } from './payment-request.js';

const DAY_MS = 86_400_000;

/** Cents to Cashfin's number of KES. */
const kes = (cents: number) => cents / 100;
const cents = (amount: number) => Math.round(amount * 100);

function objectId(): string {
  return randomBytes(12).toString('hex');
}

interface LineItem {
  readonly itemid: string;
  readonly name: string;
  readonly quantity: number;
  readonly rate: number;
}

interface InvoiceRecord {
  readonly _id: string;
  readonly invoicenumber: string;
  readonly customerid: string;
  readonly code: string;
  title?: string | undefined;
  description?: string | undefined;
  items: LineItem[];
  discount?: number | undefined;
  discounttype?: 'percentage' | 'fixed' | undefined;
  taxid?: string | undefined;
  invoicedate: string;
  duedate: string;
  remark?: string | undefined;
  /** Set by the merchant (`draft`, `unpaid`, `cancelled`); payments decide the rest. */
  issued: 'draft' | 'unpaid' | 'cancelled';
  paidCents: number;
  readonly createdat: string;
  updatedat: string;
}

interface SubscriptionRecord {
  readonly wire: Record<string, unknown>;
}

interface PaymentLinkRecord {
  readonly _id: string;
  readonly code: string;
  readonly title: string;
  readonly amount: number;
  readonly type: 'one_time' | 'reusable';
  readonly description?: string | undefined;
  active: boolean;
  payments: number;
  readonly createdat: string;
  updatedat: string;
}

export interface PageOf<T> {
  readonly data: T[];
  readonly meta: { total: number; page: number; limit: number; pages: number };
}

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

function notFound(what: string): CashfinHttpError {
  return new CashfinHttpError(404, {
    success: false,
    error: `${what} not found`,
    message: `The requested ${what.toLowerCase()} does not exist.`,
  });
}

function conflict(error: string, message: string): CashfinHttpError {
  return new CashfinHttpError(409, { success: false, error, message });
}

function lineItems(items: InvoiceCreate['items']): LineItem[] {
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

function subtotalCents(items: readonly LineItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * cents(item.rate), 0);
}

function page<T>(all: T[], query: PageQuery): PageOf<T> {
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

export function createCashfinBusiness(
  kit: SimulatorKit,
  payments: CashfinPayments,
): CashfinBusiness {
  const invoices = new Map<string, InvoiceRecord>();
  const subscriptions = new Map<string, SubscriptionRecord>();
  const links = new Map<string, PaymentLinkRecord>();
  const orders = new Map<string, Record<string, unknown>>();
  const stock = new Map<string, number>();
  let invoiceNumber = 0;
  let orderNumber = 0;

  const iso = (at = kit.now()) => new Date(at).toISOString();
  const code = () => randomBytes(6).toString('base64url');
  const stockOf = (id: string) =>
    stock.get(id) ?? cashfinSandboxCatalogue.products.find((p) => p._id === id)?.stock ?? 0;

  function totals(record: InvoiceRecord) {
    const subtotal = subtotalCents(record.items);
    const discount =
      record.discounttype === 'percentage'
        ? Math.round((subtotal * (record.discount ?? 0)) / 100)
        : record.discounttype === 'fixed'
          ? Math.min(subtotal, cents(record.discount ?? 0))
          : 0;
    const rate = cashfinSandboxCatalogue.taxes.find((tax) => tax._id === record.taxid)?.rate ?? 0;
    const tax = Math.round(((subtotal - discount) * rate) / 100);
    const total = subtotal - discount + tax;
    return { subtotal, discount, tax, total, balance: Math.max(0, total - record.paidCents) };
  }

  function invoiceStatus(record: InvoiceRecord): InvoiceStatus {
    if (record.issued !== 'unpaid') return record.issued;
    const { total } = totals(record);
    if (record.paidCents >= total) return 'paid';
    if (Date.parse(record.duedate) < kit.now()) return 'overdue';
    return record.paidCents > 0 ? 'partially_paid' : 'unpaid';
  }

  function invoiceWire(record: InvoiceRecord): Record<string, unknown> {
    const sums = totals(record);
    const customer = cashfinSandboxCatalogue.customers.find((c) => c._id === record.customerid);
    return {
      _id: record._id,
      invoicenumber: record.invoicenumber,
      customerid: record.customerid,
      ...(customer
        ? { customer: { _id: customer._id, name: customer.name, email: customer.email } }
        : {}),
      title: record.title ?? null,
      description: record.description ?? null,
      status: invoiceStatus(record),
      items: record.items.map((item) => ({
        ...item,
        amount: kes(item.quantity * cents(item.rate)),
      })),
      currency: 'KES',
      subtotal: kes(sums.subtotal),
      ...(record.discounttype === undefined
        ? {}
        : { discount: record.discount ?? 0, discounttype: record.discounttype }),
      taxid: record.taxid ?? null,
      tax: kes(sums.tax),
      total: kes(sums.total),
      amountpaid: kes(record.paidCents),
      balance: kes(sums.balance),
      invoicedate: record.invoicedate,
      duedate: record.duedate,
      paymentlink: `https://pay.cashfin.africa/i/${record.code}`,
      remark: record.remark ?? null,
      active: true,
      sourceorigin: 'api',
      createdat: record.createdat,
      updatedat: record.updatedat,
    };
  }

  function linkWire(record: PaymentLinkRecord, origin: string): Record<string, unknown> {
    return {
      _id: record._id,
      title: record.title,
      amount: record.amount,
      currency: 'KES',
      type: record.type,
      code: record.code,
      url: `${origin}/pay/${record.code}`,
      active: record.active,
      payments: record.payments,
      description: record.description ?? null,
      sourceorigin: 'api',
      createdat: record.createdat,
      updatedat: record.updatedat,
    };
  }

  function checkDiscount(items: readonly LineItem[], type?: string, discount?: number) {
    if (type === 'fixed' && cents(discount ?? 0) > subtotalCents(items)) {
      throw validationFailed({ discount: 'A fixed discount cannot exceed the subtotal' });
    }
  }

  return {
    createInvoice(input) {
      const items = lineItems(input.items);
      checkDiscount(items, input.discounttype, input.discount);
      invoiceNumber += 1;
      const now = iso();
      const record: InvoiceRecord = {
        _id: objectId(),
        invoicenumber: `INV-${String(invoiceNumber).padStart(6, '0')}`,
        customerid: input.customerid,
        code: code(),
        title: input.title,
        description: input.description,
        items,
        discount: input.discount,
        discounttype: input.discounttype ?? (input.discount === undefined ? undefined : 'fixed'),
        taxid: input.taxid,
        invoicedate: input.invoicedate ?? now,
        duedate: input.duedate,
        remark: input.remark,
        issued: 'unpaid',
        paidCents: 0,
        createdat: now,
        updatedat: now,
      };
      invoices.set(record._id, record);
      kit.log(`cashfin invoice ${record.invoicenumber} created (KES ${kes(totals(record).total)})`);
      return invoiceWire(record);
    },
    listInvoices(query) {
      const all = [...invoices.values()]
        .reverse()
        .map(invoiceWire)
        .filter((wire) => query.status === undefined || wire.status === query.status);
      return page(all, query);
    },
    invoice(id) {
      const record = invoices.get(id);
      if (!record) throw notFound('Invoice');
      return invoiceWire(record);
    },
    updateInvoice(id, changes) {
      const record = invoices.get(id);
      if (!record) throw notFound('Invoice');
      const status = invoiceStatus(record);
      if (status === 'paid' || status === 'cancelled' || (record.paidCents > 0 && changes.items)) {
        throw conflict(
          'Invoice cannot be updated',
          `A ${status === 'partially_paid' || status === 'overdue' ? 'part-paid' : status} invoice cannot be changed.`,
        );
      }
      const items = changes.items ? lineItems(changes.items) : record.items;
      checkDiscount(
        items,
        changes.discounttype ?? record.discounttype,
        changes.discount ?? record.discount,
      );
      const before = JSON.stringify(invoiceWire(record));
      Object.assign(record, {
        ...(changes.items ? { items } : {}),
        ...(changes.duedate ? { duedate: changes.duedate } : {}),
        ...(changes.invoicedate ? { invoicedate: changes.invoicedate } : {}),
        ...(changes.title ? { title: changes.title } : {}),
        ...(changes.description ? { description: changes.description } : {}),
        ...(changes.taxid ? { taxid: changes.taxid } : {}),
        ...(changes.discount === undefined ? {} : { discount: changes.discount }),
        ...(changes.discounttype ? { discounttype: changes.discounttype } : {}),
        ...(changes.remark ? { remark: changes.remark } : {}),
        ...(changes.status ? { issued: changes.status } : {}),
      });
      const modified = JSON.stringify(invoiceWire(record)) === before ? 0 : 1;
      if (modified) record.updatedat = iso();
      return { _id: record._id, modified };
    },
    createSubscription(input) {
      const items = lineItems(input.items);
      const start = input.startdate ? Date.parse(input.startdate) : kit.now();
      if (input.enddate && Date.parse(input.enddate) <= start) {
        throw validationFailed({ enddate: 'End date must be after the start date' });
      }
      const cycle: BillingCycle = input.billingcycle;
      const trialDays = input.trial?.days;
      const firstBill = start + (trialDays ?? billingCycleDays[cycle]) * DAY_MS;
      const now = iso();
      const wire = {
        _id: objectId(),
        customerid: input.customerid,
        title: input.title ?? null,
        description: input.description ?? null,
        status: trialDays ? 'trial' : 'active',
        billingcycle: cycle,
        autorenew: input.autorenew,
        items: items.map((item) => ({ ...item, amount: kes(item.quantity * cents(item.rate)) })),
        currency: 'KES',
        amount: kes(subtotalCents(items)),
        trial: trialDays ? { days: trialDays, enddate: iso(start + trialDays * DAY_MS) } : null,
        startdate: iso(start),
        enddate: input.enddate ?? null,
        nextbillingdate: iso(firstBill),
        active: true,
        sourceorigin: 'api',
        createdat: now,
        updatedat: now,
      };
      subscriptions.set(wire._id, { wire });
      kit.log(`cashfin subscription ${wire._id} created (${cycle}, KES ${wire.amount})`);
      return wire;
    },
    subscription(id) {
      const record = subscriptions.get(id);
      if (!record) throw notFound('Subscription');
      return record.wire;
    },
    createPaymentLink(input, origin) {
      const now = iso();
      const record: PaymentLinkRecord = {
        _id: objectId(),
        code: code(),
        title: input.title,
        amount: input.amount,
        type: input.type,
        description: input.description,
        active: true,
        payments: 0,
        createdat: now,
        updatedat: now,
      };
      links.set(record._id, record);
      return linkWire(record, origin);
    },
    listPaymentLinks(query, origin) {
      return page(
        [...links.values()].reverse().map((record) => linkWire(record, origin)),
        query,
      );
    },
    paymentLink(id, origin) {
      const record = links.get(id);
      if (!record) throw notFound('Payment link');
      return linkWire(record, origin);
    },
    checkoutOrder(input) {
      const lines = input.items.map((line) => {
        const product = cashfinSandboxCatalogue.products.find((p) => p._id === line.productid);
        if (!product) throw validationFailed({ items: 'Item not found' });
        return { product, quantity: line.quantity };
      });
      const short = lines.find((line) => line.quantity > stockOf(line.product._id));
      if (short) {
        throw conflict(
          'Insufficient stock',
          `Only ${stockOf(short.product._id)} of ${short.product.title} left in stock.`,
        );
      }
      const total = lines.reduce((sum, line) => sum + line.quantity * line.product.price, 0);
      if (total > MAX_AMOUNT_KES) {
        throw validationFailed({
          items: `The order total KES ${total} is above M-Pesa's KES ${MAX_AMOUNT_KES} per payment`,
        });
      }
      orderNumber += 1;
      const ordernumber = `ORD-${String(orderNumber).padStart(6, '0')}`;
      const referenceid = input.referenceid ?? ordernumber;
      const order: Record<string, unknown> = {
        _id: objectId(),
        ordernumber,
        status: 'pending',
        items: lines.map((line) => ({
          productid: line.product._id,
          title: line.product.title,
          quantity: line.quantity,
          price: line.product.price,
        })),
        total,
        currency: 'KES',
        referenceid,
        customer: input.customer ?? null,
        createdat: iso(),
      };
      const accepted = payments.request(
        { amount: total, phone: input.phone, channel: 'mpesa', referenceid },
        (payment) => {
          order.status = payment.status === 'completed' ? 'paid' : payment.status;
          if (payment.status !== 'completed') {
            for (const line of lines)
              stock.set(line.product._id, stockOf(line.product._id) + line.quantity);
          }
        },
      );
      for (const line of lines)
        stock.set(line.product._id, stockOf(line.product._id) - line.quantity);
      orders.set(String(order._id), order);
      kit.log(`cashfin order ${ordernumber} for ${maskMsisdn(input.phone)}: KES ${total}`);
      return {
        ...order,
        checkoutrequestid: accepted.checkoutrequestid,
        merchantrequestid: accepted.merchantrequestid,
        responsecode: '0',
        responsedescription: 'Success. Request accepted for processing',
      };
    },
    payByCode(linkCode, phone, amountKes) {
      const invoice = [...invoices.values()].find((record) => record.code === linkCode);
      const link = [...links.values()].find((record) => record.code === linkCode);
      if (invoice) {
        const status = invoiceStatus(invoice);
        const balance = totals(invoice).balance;
        if (status === 'draft' || status === 'cancelled' || balance === 0) {
          throw conflict('Invoice cannot be paid', `This invoice is ${status}.`);
        }
        const amount = amountKes ?? Math.ceil(kes(balance));
        // Whole shillings: the last payment may round a few cents up.
        if (amount > Math.ceil(kes(balance)) || amount > MAX_AMOUNT_KES) {
          throw validationFailed({ amount: 'Amount is more than the balance due' });
        }
        return payments.request(
          { amount, phone, channel: 'mpesa', referenceid: invoice.invoicenumber },
          (payment) => {
            if (payment.status !== 'completed') return;
            invoice.paidCents = Math.min(
              totals(invoice).total,
              invoice.paidCents + cents(payment.amount),
            );
            invoice.updatedat = iso();
          },
        );
      }
      if (link?.active) {
        return payments.request(
          { amount: link.amount, phone, channel: 'mpesa', referenceid: link.code },
          (payment) => {
            if (payment.status !== 'completed') return;
            link.payments += 1;
            if (link.type === 'one_time') link.active = false;
            link.updatedat = iso();
          },
        );
      }
      throw notFound('Payment link');
    },
    reset() {
      invoices.clear();
      subscriptions.clear();
      links.clear();
      orders.clear();
      stock.clear();
      invoiceNumber = 0;
      orderNumber = 0;
    },
  };
}
