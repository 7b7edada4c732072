/**
 * Cashfin subscriptions: create (`POST /business/subscription/create`) and details
 * (`GET /business/subscription/details/:id`), the only two Cashfin documents. A subscription
 * bills an existing customer for its items every cycle (weekly 7 days, monthly 30, quarterly 90,
 * yearly 365), optionally after a trial.
 */
import { type Money, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';
import { isoDateText, moneyFrom, objectId, optionalText, wireAmount } from './cashfin-values.js';
import {
  type CashfinLineItem,
  type CashfinLineItemInput,
  lineItemFrom,
  lineItemSchema,
  lineItemsWire,
} from './line-items.js';

export const cashfinBillingCycleDays = Object.freeze({
  weekly: 7,
  monthly: 30,
  quarterly: 90,
  yearly: 365,
});
export type CashfinBillingCycle = keyof typeof cashfinBillingCycleDays;

export const cashfinSubscriptionStatuses = [
  'trial',
  'active',
  'pending',
  'cancelled',
  'expired',
  'paused',
] as const;
export type CashfinSubscriptionStatus = (typeof cashfinSubscriptionStatuses)[number];

export interface CreateCashfinSubscription {
  readonly customerId: string;
  readonly items: readonly CashfinLineItemInput[];
  /** Default `monthly` (assumed; Cashfin documents the cycles, not a default). */
  readonly billingCycle?: CashfinBillingCycle;
  /** Renew at the end of each cycle; Cashfin's default is false. */
  readonly autoRenew?: boolean;
  /** A free trial before the first bill. */
  readonly trial?: { readonly days: number };
  readonly startDate?: Date | string;
  readonly endDate?: Date | string;
  readonly title?: string;
  readonly description?: string;
}

export interface CashfinSubscription {
  readonly id: string;
  readonly customerId: string;
  readonly status: CashfinSubscriptionStatus | (string & {});
  readonly billingCycle: CashfinBillingCycle | (string & {});
  readonly autoRenew: boolean;
  readonly items: readonly CashfinLineItem[];
  /** Billed every cycle, when Cashfin says it. */
  readonly amount?: Money | undefined;
  readonly trialDays?: number | undefined;
  readonly trialEndsAt?: string | undefined;
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  readonly nextBillingDate?: string | undefined;
  readonly title?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly updatedAt?: string | undefined;
}

export interface CashfinSubscriptions {
  create(
    input: CreateCashfinSubscription,
    options?: { signal?: AbortSignal },
  ): Promise<CashfinSubscription>;
  details(id: string, options?: { signal?: AbortSignal }): Promise<CashfinSubscription>;
}

export const SUBSCRIPTION_PATHS = Object.freeze({
  create: '/business/subscription/create',
  details: '/business/subscription/details',
});

/** Assumed: a trial of up to a year. */
export const MAX_TRIAL_DAYS = 365;

export function buildSubscriptionCreate(input: CreateCashfinSubscription): Record<string, unknown> {
  const cycle = input.billingCycle ?? 'monthly';
  if (!Object.hasOwn(cashfinBillingCycleDays, cycle)) {
    throw new ValidationError(
      'invalid_field',
      `billingCycle must be one of ${Object.keys(cashfinBillingCycleDays).join(', ')}.`,
      { details: { field: 'billingCycle' } },
    );
  }
  if (input.autoRenew !== undefined && typeof input.autoRenew !== 'boolean') {
    throw new ValidationError('invalid_field', 'autoRenew must be true or false.', {
      details: { field: 'autoRenew' },
    });
  }
  const days = input.trial?.days;
  if (
    input.trial !== undefined &&
    (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TRIAL_DAYS)
  ) {
    throw new ValidationError(
      'invalid_field',
      `trial.days must be a whole number from 1 to ${MAX_TRIAL_DAYS}.`,
      { details: { field: 'trial.days' } },
    );
  }
  const startDate =
    input.startDate === undefined ? undefined : isoDateText('startDate', input.startDate);
  const endDate = input.endDate === undefined ? undefined : isoDateText('endDate', input.endDate);
  if (startDate && endDate && Date.parse(endDate) <= Date.parse(startDate)) {
    throw new ValidationError('invalid_field', 'endDate must be after startDate.', {
      details: { field: 'endDate' },
    });
  }
  const title = optionalText('title', input.title, 200);
  const description = optionalText('description', input.description, 2_000);
  return {
    customerid: objectId('customerId', input.customerId),
    items: lineItemsWire('items', input.items),
    billingcycle: cycle,
    autorenew: input.autoRenew ?? false,
    ...(days === undefined ? {} : { trial: { days } }),
    ...(startDate === undefined ? {} : { startdate: startDate }),
    ...(endDate === undefined ? {} : { enddate: endDate }),
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
  };
}

export const subscriptionSchema = z.looseObject({
  _id: z.string().min(1),
  customerid: z.union([z.string().min(1), z.looseObject({ _id: z.string().min(1) })]),
  status: z.string().min(1),
  billingcycle: z.string().min(1),
  autorenew: z.boolean().default(false),
  items: z.array(lineItemSchema).default([]),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  amount: wireAmount.optional(),
  trial: z
    .looseObject({ days: z.number().int().nonnegative().optional(), enddate: z.string().nullish() })
    .nullish(),
  startdate: z.string().nullish(),
  enddate: z.string().nullish(),
  nextbillingdate: z.string().nullish(),
  title: z.string().nullish(),
  createdat: z.string().optional(),
  updatedat: z.string().optional(),
});
type SubscriptionWire = z.infer<typeof subscriptionSchema>;

export function subscriptionFrom(wire: SubscriptionWire): CashfinSubscription {
  return {
    id: wire._id,
    customerId: typeof wire.customerid === 'string' ? wire.customerid : wire.customerid._id,
    status: wire.status,
    billingCycle: wire.billingcycle,
    autoRenew: wire.autorenew,
    items: wire.items.map((item) => lineItemFrom(item, wire.currency)),
    amount: wire.amount === undefined ? undefined : moneyFrom(wire.amount, wire.currency),
    trialDays: wire.trial?.days,
    trialEndsAt: wire.trial?.enddate ?? undefined,
    startDate: wire.startdate ?? undefined,
    endDate: wire.enddate ?? undefined,
    nextBillingDate: wire.nextbillingdate ?? undefined,
    title: wire.title ?? undefined,
    createdAt: wire.createdat,
    updatedAt: wire.updatedat,
  };
}

const subscriptionData = subscriptionSchema.transform(subscriptionFrom);

export function createCashfinSubscriptions(config: CashfinConfig): CashfinSubscriptions {
  return {
    async create(input, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'subscriptions.create',
        method: 'POST',
        path: SUBSCRIPTION_PATHS.create,
        json: buildSubscriptionCreate(input),
        signal: options.signal,
        data: subscriptionData,
        idempotent: false,
      });
      return reply.data;
    },
    async details(id, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'subscriptions.details',
        method: 'GET',
        path: `${SUBSCRIPTION_PATHS.details}/${objectId('id', id)}`,
        signal: options.signal,
        data: subscriptionData,
        idempotent: true,
      });
      return reply.data;
    },
  };
}
