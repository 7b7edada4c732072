/**
 * The simulated Cashfin business's subscriptions, payment links and shop orders, independent of
 * HTTP: what it sells besides invoices. Links are paid through their hosted page and orders prompt
 * the virtual phone at checkout, holding their stock until the payment fails. One part of
 * `createCashfinBusiness` (`business-records.ts`).
 */
import { randomBytes } from 'node:crypto';
import { maskMsisdn } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import {
  type BillingCycle,
  billingCycleDays,
  type OrderCheckout,
  type PageQuery,
  type PaymentLinkCreate,
  type SubscriptionCreate,
} from './business-requests.js';
import {
  cents,
  conflict,
  DAY_MS,
  kes,
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

export interface SalesBook {
  createSubscription(input: SubscriptionCreate): Record<string, unknown>;
  subscription(id: string): Record<string, unknown>;
  createPaymentLink(input: PaymentLinkCreate, origin: string): Record<string, unknown>;
  listPaymentLinks(query: PageQuery, origin: string): PageOf<Record<string, unknown>>;
  paymentLink(id: string, origin: string): Record<string, unknown>;
  checkoutOrder(input: OrderCheckout): Record<string, unknown>;
  /** The hosted page's "Pay" for the active link with this code; `undefined` when there is none. */
  payLink(code: string, phone: string): AcceptedPayment | undefined;
  reset(): void;
}

export function createSalesBook(kit: SimulatorKit, payments: CashfinPayments): SalesBook {
  const subscriptions = new Map<string, SubscriptionRecord>();
  const links = new Map<string, PaymentLinkRecord>();
  const orders = new Map<string, Record<string, unknown>>();
  const stock = new Map<string, number>();
  let orderNumber = 0;

  const iso = (at = kit.now()) => new Date(at).toISOString();
  const code = () => randomBytes(6).toString('base64url');
  const stockOf = (id: string) =>
    stock.get(id) ?? cashfinSandboxCatalogue.products.find((p) => p._id === id)?.stock ?? 0;

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

  return {
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
    payLink(linkCode, phone) {
      const link = [...links.values()].find((record) => record.code === linkCode);
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
      return undefined;
    },
    reset() {
      subscriptions.clear();
      links.clear();
      orders.clear();
      stock.clear();
      orderNumber = 0;
    },
  };
}
