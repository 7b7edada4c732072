/**
 * Cashfin shop order checkout (`POST /business/order/checkout`): an order for products of the
 * business's shop, paid at once by an M-Pesa prompt to the customer's phone. The body and the
 * answer are not documented beyond the path; the shape below is the assumption the docs page
 * writes down and the simulator follows: the items, the phone and `channel: "mpesa"` in, the
 * order with its total and the prompt's `checkoutrequestid` out. The payment then settles by
 * Cashfin's usual `payment.completed` / `payment.failed` webhook on that id, which the adapter's
 * `verifyCallback` already reads. Never retried: a second checkout is a second order and prompt.
 */
import { type Money, ProviderError, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';
import { moneyFrom, objectId, optionalText, wireAmount } from './cashfin-values.js';
import { toCashfinPhone, toReferenceId } from './mobile-payment.js';

export interface CashfinOrderLineInput {
  /** A product of the business's Cashfin shop. */
  readonly productId: string;
  readonly quantity: number;
}

export interface CashfinOrderCheckout {
  readonly items: readonly CashfinOrderLineInput[];
  /** The payer, normalised `2547XXXXXXXX` / `2541XXXXXXXX` (`parseMsisdn`). */
  readonly phone: string;
  /** The merchant's reference, sent as `referenceid` (1-64 characters). */
  readonly reference?: string;
  readonly customer?: { readonly name?: string; readonly email?: string };
}

export interface CashfinOrderLine {
  readonly productId: string;
  readonly title?: string | undefined;
  readonly quantity: number;
  readonly price?: Money | undefined;
}

export interface CashfinOrder {
  readonly id: string;
  readonly number?: string | undefined;
  readonly status: string;
  readonly items: readonly CashfinOrderLine[];
  readonly total: Money;
  readonly referenceId?: string | undefined;
  /** The M-Pesa prompt paying the order: webhooks name it as `checkoutrequestid`. */
  readonly checkoutRequestId: string;
  readonly merchantRequestId?: string | undefined;
}

export interface CashfinOrders {
  checkout(input: CashfinOrderCheckout, options?: { signal?: AbortSignal }): Promise<CashfinOrder>;
}

export const ORDER_CHECKOUT_PATH = '/business/order/checkout';
/** Assumed, as for invoices. */
export const MAX_ORDER_LINES = 100;

export function buildOrderCheckout(input: CashfinOrderCheckout): Record<string, unknown> {
  const items = input.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ORDER_LINES) {
    throw new ValidationError(
      'invalid_field',
      `items must list 1 to ${MAX_ORDER_LINES} products.`,
      { details: { field: 'items' } },
    );
  }
  const lines = items.map((item, index) => {
    if (!Number.isInteger(item?.quantity) || item.quantity < 1 || item.quantity > 10_000) {
      throw new ValidationError(
        'invalid_field',
        `items[${index}].quantity must be a whole number from 1 to 10000.`,
        { details: { field: `items[${index}].quantity` } },
      );
    }
    return {
      productid: objectId(`items[${index}].productId`, item.productId),
      quantity: item.quantity,
    };
  });
  const name = optionalText('customer.name', input.customer?.name, 200);
  const email = optionalText('customer.email', input.customer?.email, 254);
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ValidationError('invalid_field', 'customer.email must be an email address.', {
      details: { field: 'customer.email' },
    });
  }
  return {
    items: lines,
    phone: toCashfinPhone(input.phone),
    channel: 'mpesa',
    ...(input.reference === undefined ? {} : { referenceid: toReferenceId(input.reference) }),
    ...(name === undefined && email === undefined
      ? {}
      : {
          customer: {
            ...(name === undefined ? {} : { name }),
            ...(email === undefined ? {} : { email }),
          },
        }),
  };
}

export const orderSchema = z.looseObject({
  _id: z.string().min(1),
  ordernumber: z.string().optional(),
  status: z.string().min(1),
  items: z
    .array(
      z.looseObject({
        productid: z.string().min(1),
        title: z.string().optional(),
        quantity: z.number().int().positive(),
        price: wireAmount.optional(),
      }),
    )
    .default([]),
  total: wireAmount,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  referenceid: z.string().nullish(),
  checkoutrequestid: z.string().trim().min(1).max(128),
  merchantrequestid: z.string().optional(),
  responsecode: z.union([z.string(), z.number()]).optional(),
  responsedescription: z.string().optional(),
});

export function createCashfinOrders(config: CashfinConfig): CashfinOrders {
  return {
    async checkout(input, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'orders.checkout',
        method: 'POST',
        path: ORDER_CHECKOUT_PATH,
        json: buildOrderCheckout(input),
        signal: options.signal,
        data: orderSchema,
        idempotent: false,
      });
      const wire = reply.data;
      const code = wire.responsecode === undefined ? '0' : String(wire.responsecode);
      if (code !== '0') {
        throw new ProviderError(
          'provider_rejected',
          `Cashfin took the order but M-Pesa did not accept its prompt (responsecode ${code}${wire.responsedescription ? `: ${wire.responsedescription}` : ''}).`,
          { retryable: false, ambiguous: false, providerCode: code, reason: 'provider_error' },
        );
      }
      return {
        id: wire._id,
        number: wire.ordernumber,
        status: wire.status,
        items: wire.items.map((line) => ({
          productId: line.productid,
          title: line.title,
          quantity: line.quantity,
          price: line.price === undefined ? undefined : moneyFrom(line.price, wire.currency),
        })),
        total: moneyFrom(wire.total, wire.currency),
        referenceId: wire.referenceid ?? undefined,
        checkoutRequestId: wire.checkoutrequestid,
        merchantRequestId: wire.merchantrequestid,
      };
    },
  };
}
