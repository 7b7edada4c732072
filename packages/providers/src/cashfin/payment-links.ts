/**
 * Cashfin payment links: create (`POST /business/payment-link/create { title, amount, type }`),
 * list and details. A link is a hosted page where a customer pays the amount by M-Pesa, so its
 * amount is held to M-Pesa's rules before anything is sent: whole shillings, KES 1 to 250,000.
 * The list and details paths follow the invoice paths (`/list`, `/details/:id`), an assumption.
 */
import { type Money, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { type PaginatedList, paginatedList } from '../common/paginated-list.js';
import { callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';
import {
  moneyFrom,
  objectId,
  optionalText,
  pageNumber,
  shortText,
  toCashfinAmount,
  wireAmount,
} from './cashfin-values.js';
import { type ListOptions, listPage, MAX_PAGE_SIZE, pageOf } from './list-pages.js';
import { MAX_AMOUNT_KES, MIN_AMOUNT_KES } from './mobile-payment.js';

/** Assumed values of `type`: a link paid once, or one that stays open for many payments. */
export const cashfinPaymentLinkTypes = ['one_time', 'reusable'] as const;
export type CashfinPaymentLinkType = (typeof cashfinPaymentLinkTypes)[number];

export interface CreateCashfinPaymentLink {
  readonly title: string;
  /** What the customer pays: whole KES from 1 to 250,000. */
  readonly amount: Money;
  /** Default `one_time`. */
  readonly type?: CashfinPaymentLinkType;
  readonly description?: string;
}

export interface CashfinPaymentLink {
  readonly id: string;
  readonly title: string;
  readonly amount: Money;
  readonly type?: string | undefined;
  /** The hosted page to send the customer to. */
  readonly url?: string | undefined;
  readonly active: boolean;
  readonly description?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly updatedAt?: string | undefined;
}

export interface CashfinPaymentLinks {
  create(
    input: CreateCashfinPaymentLink,
    options?: { signal?: AbortSignal },
  ): Promise<CashfinPaymentLink>;
  list(options?: ListOptions): PaginatedList<CashfinPaymentLink>;
  details(id: string, options?: { signal?: AbortSignal }): Promise<CashfinPaymentLink>;
}

export const PAYMENT_LINK_PATHS = Object.freeze({
  create: '/business/payment-link/create',
  list: '/business/payment-link/list',
  details: '/business/payment-link/details',
});

export function buildPaymentLinkCreate(input: CreateCashfinPaymentLink): Record<string, unknown> {
  const type = input.type ?? 'one_time';
  if (!cashfinPaymentLinkTypes.includes(type)) {
    throw new ValidationError(
      'invalid_field',
      `type must be one of ${cashfinPaymentLinkTypes.join(', ')}.`,
      { details: { field: 'type' } },
    );
  }
  const description = optionalText('description', input.description, 2_000);
  return {
    title: shortText('title', input.title, 200),
    amount: toCashfinAmount('amount', input.amount, {
      whole: true,
      min: MIN_AMOUNT_KES,
      max: MAX_AMOUNT_KES,
    }),
    type,
    ...(description === undefined ? {} : { description }),
  };
}

export const paymentLinkSchema = z.looseObject({
  _id: z.string().min(1),
  title: z.string(),
  amount: wireAmount,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  type: z.string().optional(),
  url: z.string().optional(),
  active: z.boolean().default(true),
  description: z.string().nullish(),
  createdat: z.string().optional(),
  updatedat: z.string().optional(),
});

export function paymentLinkFrom(wire: z.infer<typeof paymentLinkSchema>): CashfinPaymentLink {
  return {
    id: wire._id,
    title: wire.title,
    amount: moneyFrom(wire.amount, wire.currency),
    type: wire.type,
    url: wire.url,
    active: wire.active,
    description: wire.description ?? undefined,
    createdAt: wire.createdat,
    updatedAt: wire.updatedat,
  };
}

const linkData = paymentLinkSchema.transform(paymentLinkFrom);

export function createCashfinPaymentLinks(config: CashfinConfig): CashfinPaymentLinks {
  return {
    async create(input, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'paymentLinks.create',
        method: 'POST',
        path: PAYMENT_LINK_PATHS.create,
        json: buildPaymentLinkCreate(input),
        signal: options.signal,
        data: linkData,
        idempotent: false,
      });
      return reply.data;
    },
    list(options = {}) {
      const limit = pageNumber('limit', options.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      return paginatedList(async (page) =>
        pageOf(
          await listPage(config, {
            operation: 'paymentLinks.list',
            path: PAYMENT_LINK_PATHS.list,
            page,
            limit,
            item: linkData,
            signal: options.signal,
          }),
        ),
      );
    },
    async details(id, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'paymentLinks.details',
        method: 'GET',
        path: `${PAYMENT_LINK_PATHS.details}/${objectId('id', id)}`,
        signal: options.signal,
        data: linkData,
        idempotent: true,
      });
      return reply.data;
    },
  };
}
