/**
 * Cashfin invoices: create (`POST /business/invoice/create`), list (`GET /business/invoice/list`,
 * paginated, walked as an async iterator), details (`GET /business/invoice/details/:id`) and
 * update (`PATCH /business/invoice/update/:id`). Inputs are checked before anything is sent;
 * answers are zod-checked and returned as `CashfinInvoice`, money as `Money`.
 */
import { type Money, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { type PaginatedList, paginatedList } from '../common/paginated-list.js';
import { callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';
import {
  isoDateText,
  moneyFrom,
  objectId,
  optionalText,
  pageNumber,
  toCashfinAmount,
  wireAmount,
} from './cashfin-values.js';
import {
  type CashfinLineItem,
  type CashfinLineItemInput,
  lineItemFrom,
  lineItemSchema,
  lineItemsWire,
} from './line-items.js';
import { type ListOptions, listPage, MAX_PAGE_SIZE, pageOf } from './list-pages.js';

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

export const INVOICE_PATHS = Object.freeze({
  create: '/business/invoice/create',
  list: '/business/invoice/list',
  details: '/business/invoice/details',
  update: '/business/invoice/update',
});

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

const invoiceData = invoiceSchema.transform(invoiceFrom);
const updatedData = z
  .looseObject({ _id: z.string().min(1), modified: z.coerce.number().int().min(0).default(1) })
  .transform((wire) => ({ id: wire._id, modified: wire.modified }));

export function createCashfinInvoices(config: CashfinConfig): CashfinInvoices {
  return {
    async create(input, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'invoices.create',
        method: 'POST',
        path: INVOICE_PATHS.create,
        json: buildInvoiceCreate(input),
        signal: options.signal,
        data: invoiceData,
        idempotent: false,
      });
      return reply.data;
    },
    list(options = {}) {
      const limit = pageNumber('limit', options.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      if (options.status !== undefined && !cashfinInvoiceStatuses.includes(options.status)) {
        throw new ValidationError(
          'invalid_field',
          `status must be one of ${cashfinInvoiceStatuses.join(', ')}.`,
          { details: { field: 'status' } },
        );
      }
      return paginatedList(async (page) =>
        pageOf(
          await listPage(config, {
            operation: 'invoices.list',
            path: INVOICE_PATHS.list,
            page,
            limit,
            filters: { status: options.status },
            item: invoiceData,
            signal: options.signal,
          }),
        ),
      );
    },
    async details(id, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'invoices.details',
        method: 'GET',
        path: `${INVOICE_PATHS.details}/${objectId('id', id)}`,
        signal: options.signal,
        data: invoiceData,
        idempotent: true,
      });
      return reply.data;
    },
    async update(id, changes, options = {}) {
      const path = `${INVOICE_PATHS.update}/${objectId('id', id)}`;
      const reply = await callCashfin(config, {
        operation: 'invoices.update',
        method: 'PATCH',
        path,
        json: buildInvoiceUpdate(changes),
        signal: options.signal,
        data: updatedData,
        // The same changes sent twice end in the same invoice.
        idempotent: true,
      });
      return reply.data;
    },
  };
}
