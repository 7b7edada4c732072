/**
 * Cashfin's wire format for invoices: the create and update bodies (checked before anything is
 * sent, in Cashfin's lower-case names) and the zod schema of an invoice as Cashfin returns it,
 * read into a `CashfinInvoice` by `invoiceFrom`. Apart from the client (`invoices.ts`), which only
 * sends and pages.
 */
import { ValidationError } from '@lipwa/core';
import { z } from 'zod';
import {
  isoDateText,
  moneyFrom,
  objectId,
  optionalText,
  toCashfinAmount,
  wireAmount,
} from './cashfin-values.js';
import type {
  CashfinDiscount,
  CashfinInvoice,
  CreateCashfinInvoice,
  UpdateCashfinInvoice,
} from './invoice-types.js';
import { lineItemFrom, lineItemSchema, lineItemsWire } from './line-items.js';

const TITLE_MAX = 200;
const TEXT_MAX = 2_000;

function discountWire(discount: CashfinDiscount | undefined) {
  if (discount === undefined) return {};
  if (discount.type === 'percentage') {
    const { percent } = discount;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new ValidationError('invalid_field', 'discount.percent must be from 0 to 100.', {
        details: { field: 'discount.percent' },
      });
    }
    return { discount: percent, discounttype: 'percentage' as const };
  }
  if (discount.type === 'fixed') {
    return {
      discount: toCashfinAmount('discount.amount', discount.amount),
      discounttype: 'fixed' as const,
    };
  }
  throw new ValidationError('invalid_field', 'discount.type must be "percentage" or "fixed".', {
    details: { field: 'discount.type' },
  });
}

/** The optional fields both create and update send, in Cashfin's lower-case names. */
function sharedFields(input: UpdateCashfinInvoice) {
  const title = optionalText('title', input.title, TITLE_MAX);
  const description = optionalText('description', input.description, TEXT_MAX);
  const remark = optionalText('remark', input.remark, TEXT_MAX);
  return {
    ...(input.items === undefined ? {} : { items: lineItemsWire('items', input.items) }),
    ...(input.dueDate === undefined ? {} : { duedate: isoDateText('dueDate', input.dueDate) }),
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    ...(input.invoiceDate === undefined
      ? {}
      : { invoicedate: isoDateText('invoiceDate', input.invoiceDate) }),
    ...(input.taxId === undefined ? {} : { taxid: objectId('taxId', input.taxId) }),
    ...discountWire(input.discount),
    ...(remark === undefined ? {} : { remark }),
  };
}

/** The create body; throws `ValidationError` (nothing sent) on anything Cashfin would refuse. */
export function buildInvoiceCreate(input: CreateCashfinInvoice): Record<string, unknown> {
  if (input.dueDate === undefined) {
    throw new ValidationError('invalid_field', 'dueDate is required.', {
      details: { field: 'dueDate' },
    });
  }
  return {
    customerid: objectId('customerId', input.customerId),
    ...sharedFields({ ...input, items: input.items ?? [] }),
  };
}

const updatableStatuses = new Set(['draft', 'unpaid', 'cancelled']);

export function buildInvoiceUpdate(changes: UpdateCashfinInvoice): Record<string, unknown> {
  if (changes.status !== undefined && !updatableStatuses.has(changes.status)) {
    throw new ValidationError(
      'invalid_field',
      'status may only be set to "draft", "unpaid" or "cancelled"; Cashfin sets the others as payments arrive.',
      { details: { field: 'status' } },
    );
  }
  const body = {
    ...sharedFields(changes),
    ...(changes.status === undefined ? {} : { status: changes.status }),
  };
  if (Object.keys(body).length === 0) {
    throw new ValidationError('invalid_field', 'An invoice update needs at least one change.', {
      details: { field: 'changes' },
    });
  }
  return body;
}

const idOf = z.union([z.string().min(1), z.looseObject({ _id: z.string().min(1) })]);

/** An invoice as Cashfin returns it (lower-case names; extra fields allowed). */
export const invoiceSchema = z.looseObject({
  _id: z.string().min(1),
  invoicenumber: z.string().optional(),
  customerid: idOf.optional(),
  customer: z.looseObject({ _id: z.string().min(1) }).optional(),
  status: z.string().min(1),
  title: z.string().nullish(),
  description: z.string().nullish(),
  items: z.array(lineItemSchema).default([]),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  subtotal: wireAmount.optional(),
  total: wireAmount.optional(),
  amountpaid: wireAmount.optional(),
  balance: wireAmount.optional(),
  discount: z.number().nonnegative().optional(),
  discounttype: z.enum(['percentage', 'fixed']).optional(),
  taxid: z.string().nullish(),
  invoicedate: z.string().nullish(),
  duedate: z.string().nullish(),
  paymentlink: z.string().nullish(),
  remark: z.string().nullish(),
  createdat: z.string().optional(),
  updatedat: z.string().optional(),
});
type InvoiceWire = z.infer<typeof invoiceSchema>;

function customerIdOf(wire: InvoiceWire): string | undefined {
  if (typeof wire.customerid === 'string') return wire.customerid;
  return wire.customerid?._id ?? wire.customer?._id;
}

export function invoiceFrom(wire: InvoiceWire): CashfinInvoice {
  const money = (value: number | undefined) =>
    value === undefined ? undefined : moneyFrom(value, wire.currency);
  return {
    id: wire._id,
    number: wire.invoicenumber,
    customerId: customerIdOf(wire) ?? '',
    status: wire.status,
    title: wire.title ?? undefined,
    description: wire.description ?? undefined,
    items: wire.items.map((item) => lineItemFrom(item, wire.currency)),
    subtotal: money(wire.subtotal),
    total: money(wire.total),
    amountPaid: money(wire.amountpaid),
    balance: money(wire.balance),
    discount: wire.discount,
    discountType: wire.discounttype,
    taxId: wire.taxid ?? undefined,
    invoiceDate: wire.invoicedate ?? undefined,
    dueDate: wire.duedate ?? undefined,
    paymentLink: wire.paymentlink ?? undefined,
    remark: wire.remark ?? undefined,
    createdAt: wire.createdat,
    updatedAt: wire.updatedat,
  };
}
