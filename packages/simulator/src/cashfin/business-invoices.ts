/**
 * The simulated Cashfin business's invoices, independent of HTTP: created, listed, read, updated
 * and paid through their hosted page. An invoice's status follows its payments and due date
 * (`unpaid` becomes `overdue` once the due date passes on the simulator's clock). One part of
 * `createCashfinBusiness` (`business-records.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { SimulatorKit } from '../kit.js';
import type {
  InvoiceCreate,
  InvoiceStatus,
  InvoiceUpdate,
  PageQuery,
} from './business-requests.js';
import {
  cents,
  conflict,
  kes,
  type LineItem,
  lineItems,
  notFound,
  objectId,
  type PageOf,
  page,
  subtotalCents,
} from './business-values.js';
import { validationFailed } from './cashfin-error.js';
import type { AcceptedPayment, CashfinPayments } from './cashfin-payments.js';
import { cashfinSandboxCatalogue } from './catalogue.js';
import { MAX_AMOUNT_KES } from './payment-request.js';

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

export interface InvoiceBook {
  createInvoice(input: InvoiceCreate): Record<string, unknown>;
  listInvoices(query: PageQuery): PageOf<Record<string, unknown>>;
  invoice(id: string): Record<string, unknown>;
  updateInvoice(id: string, changes: InvoiceUpdate): { _id: string; modified: number };
  /** The hosted page's "Pay" for the invoice with this code; `undefined` when no invoice has it. */
  payInvoice(code: string, phone: string, amountKes?: number): AcceptedPayment | undefined;
  reset(): void;
}

export function createInvoiceBook(kit: SimulatorKit, payments: CashfinPayments): InvoiceBook {
  const invoices = new Map<string, InvoiceRecord>();
  let invoiceNumber = 0;

  const iso = (at = kit.now()) => new Date(at).toISOString();
  const code = () => randomBytes(6).toString('base64url');

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
    payInvoice(linkCode, phone, amountKes) {
      const invoice = [...invoices.values()].find((record) => record.code === linkCode);
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
      return undefined;
    },
    reset() {
      invoices.clear();
      invoiceNumber = 0;
    },
  };
}
