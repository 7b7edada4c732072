/**
 * The bodies of Cashfin's invoice, subscription, payment-link and shop-order endpoints, checked
 * the way cashfin.md describes (required fields starred there) and, where it is silent, the way
 * the docs page assumes. Every bad field is reported at once in Cashfin's 422 `errors` map;
 * unknown fields are ignored. Ids that name nothing on the account are refused here too.
 */
import { z } from 'zod';
import { validationFailed } from './cashfin-error.js';
import { cashfinSandboxCatalogue } from './catalogue.js';
import { MAX_AMOUNT_KES, MIN_AMOUNT_KES, REFERENCE_ID_MAX } from './payment-request.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Must be a valid id');
const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Must be an ISO 8601 date');
const text = (max: number) => z.string().trim().min(1).max(max);

const knownCustomer = objectId.refine(
  (id) => cashfinSandboxCatalogue.customers.some((customer) => customer._id === id),
  'Customer not found',
);
const knownProduct = objectId.refine(
  (id) => cashfinSandboxCatalogue.products.some((product) => product._id === id),
  'Item not found',
);
const knownTax = objectId.refine(
  (id) => cashfinSandboxCatalogue.taxes.some((tax) => tax._id === id),
  'Tax not found',
);

const lineItem = z.object({
  itemid: knownProduct,
  name: text(200).optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  rate: z.number().finite().positive(),
});
const lineItems = z.array(lineItem).min(1, 'At least one item is required').max(100);

export const discountTypes = ['percentage', 'fixed'] as const;
export const invoiceStatuses = [
  'draft',
  'unpaid',
  'partially_paid',
  'paid',
  'overdue',
  'cancelled',
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

const invoiceFields = {
  title: text(200).optional(),
  description: text(2_000).optional(),
  invoicedate: isoDate.optional(),
  taxid: knownTax.optional(),
  discount: z.number().finite().min(0).optional(),
  discounttype: z.enum(discountTypes).optional(),
  remark: text(2_000).optional(),
};

const invoiceCreateSchema = z.object({
  customerid: knownCustomer,
  items: lineItems,
  duedate: isoDate,
  ...invoiceFields,
});
export type InvoiceCreate = z.infer<typeof invoiceCreateSchema>;

const invoiceUpdateSchema = z.object({
  items: lineItems.optional(),
  duedate: isoDate.optional(),
  status: z.enum(['draft', 'unpaid', 'cancelled']).optional(),
  ...invoiceFields,
});
export type InvoiceUpdate = z.infer<typeof invoiceUpdateSchema>;

export const billingCycleDays = { weekly: 7, monthly: 30, quarterly: 90, yearly: 365 } as const;
export type BillingCycle = keyof typeof billingCycleDays;

const subscriptionCreateSchema = z.object({
  customerid: knownCustomer,
  items: lineItems,
  billingcycle: z.enum(['weekly', 'monthly', 'quarterly', 'yearly']).default('monthly'),
  autorenew: z.boolean().default(false),
  trial: z.object({ days: z.number().int().min(1).max(365) }).optional(),
  startdate: isoDate.optional(),
  enddate: isoDate.optional(),
  title: text(200).optional(),
  description: text(2_000).optional(),
});
export type SubscriptionCreate = z.infer<typeof subscriptionCreateSchema>;

export const paymentLinkTypes = ['one_time', 'reusable'] as const;

const paymentLinkCreateSchema = z.object({
  title: text(200),
  amount: z.number().int('Amount must be whole shillings').min(MIN_AMOUNT_KES).max(MAX_AMOUNT_KES),
  type: z.enum(paymentLinkTypes).default('one_time'),
  description: text(2_000).optional(),
});
export type PaymentLinkCreate = z.infer<typeof paymentLinkCreateSchema>;

const orderCheckoutSchema = z.object({
  items: z
    .array(z.object({ productid: knownProduct, quantity: z.number().int().min(1).max(10_000) }))
    .min(1, 'At least one item is required')
    .max(100),
  phone: z.string().regex(/^254\d{9}$/, 'Phone must be in the format 254XXXXXXXXX'),
  channel: z.literal('mpesa', { error: 'Channel must be one of: mpesa' }),
  referenceid: text(REFERENCE_ID_MAX).optional(),
  customer: z.object({ name: text(200).optional(), email: z.email().optional() }).optional(),
});
export type OrderCheckout = z.infer<typeof orderCheckoutSchema>;

const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  status: z.enum(invoiceStatuses).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    if (errors[field] !== undefined) continue;
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    errors[field] = missing ? `${field} is required` : issue.message;
  }
  throw validationFailed(errors);
}

export const parseInvoiceCreate = (body: unknown) => {
  const input = parse(invoiceCreateSchema, body);
  if (input.discounttype === 'percentage' && (input.discount ?? 0) > 100) {
    throw validationFailed({ discount: 'A percentage discount must be at most 100' });
  }
  return input;
};
export const parseInvoiceUpdate = (body: unknown) => {
  const input = parse(invoiceUpdateSchema, body);
  if (Object.keys(input).length === 0) {
    throw validationFailed({ body: 'Nothing to update' });
  }
  return input;
};
export const parseSubscriptionCreate = (body: unknown) => parse(subscriptionCreateSchema, body);
export const parsePaymentLinkCreate = (body: unknown) => parse(paymentLinkCreateSchema, body);
export const parseOrderCheckout = (body: unknown) => parse(orderCheckoutSchema, body);
export const parsePageQuery = (query: unknown) => parse(pageQuerySchema, query);
