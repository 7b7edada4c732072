/**
 * The shop's Lipwa kit: the providers, the store (and, with several instances, the shared bus),
 * the shop's own signed webhook endpoint and the in-process hooks that mark its orders. Shared by
 * `npm start` (one process, file store) and `npm run start:cluster` (two processes, PostgreSQL).
 */
import type { ProviderAdapter } from '@lipwa/core';
import { ValidationError } from '@lipwa/core';
import {
  createLipwa,
  type EventBus,
  type LimitStore,
  type Lipwa,
  type PaymentFinalEvent,
  type PaymentStore,
  WEBHOOK_EVENT_TYPES,
} from '@lipwa/server';
import { findProduct } from './catalogue.js';
import type { Order, OrderBook, OrderChanges } from './orders.js';
import { DEMO_RESULTS_TOKEN } from './providers.js';

const reviewNotes = {
  amount_mismatch: 'The amount paid differs from the order total.',
  success_after_failure: 'Money arrived after the attempt had failed.',
  second_success: 'The order was paid twice: refund the second payment.',
  refund_unsettled: 'A refund was never settled by the provider: check it with the provider.',
} as const;

export interface ShopKitOptions {
  readonly shopUrl: string;
  /** Where providers call back and webhooks land (the load balancer's URL); default `shopUrl`. */
  readonly publicBaseUrl?: string | undefined;
  readonly store: PaymentStore;
  readonly bus?: EventBus | undefined;
  /** For several instances: the abuse limits' counts, shared (default: in this process). */
  readonly limits?: LimitStore | undefined;
  readonly orders: OrderBook;
  readonly adapters: readonly ProviderAdapter[];
  readonly environment: 'production' | 'development';
  readonly allowSimulatorInProduction: boolean;
  /** `whsec_…`: the shop receives its own webhooks at `${publicBaseUrl}/webhooks/lipwa`. */
  readonly webhookSecret?: string | undefined;
  readonly tokenSecret?: string | undefined;
  readonly failover: boolean;
  readonly phoneLimits: boolean;
  readonly firstQueryAfterMs: number;
  readonly extraOrigins: readonly string[];
  readonly log: (line: string) => void;
}

/** The kit's options for one shop instance; a long literal, split only where it reads better. */
export function createShopKit(options: ShopKitOptions): Lipwa {
  const { shopUrl, orders, log, webhookSecret } = options;
  const baseUrl = options.publicBaseUrl ?? shopUrl;
  return createLipwa({
    ...(webhookSecret
      ? {
          webhooks: {
            endpoints: [
              {
                id: 'shop',
                url: `${baseUrl}/webhooks/lipwa`,
                secrets: [webhookSecret],
                events: [...WEBHOOK_EVENT_TYPES],
              },
            ],
          },
        }
      : {}),
    store: options.store,
    ...(options.bus ? { bus: options.bus } : {}),
    providers: [...options.adapters],
    resultsToken: DEMO_RESULTS_TOKEN,
    failover: options.failover,
    rateLimit: {
      ...(options.phoneLimits ? {} : { phoneWindows: [] }),
      ...(options.limits ? { store: options.limits } : {}),
    },
    environment: options.environment,
    allowSimulatorInProduction: options.allowSimulatorInProduction,
    publicUrl: `${baseUrl}/lipwa`,
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [
      ...new Set([shopUrl, baseUrl].flatMap((url) => [url, url.replace('127.0.0.1', 'localhost')])),
      ...options.extraOrigins,
    ],
    // For SPAs: `POST /lipwa/sessions { product }`. The browser names a product; the price is ours.
    resolveSession: async (req) => {
      const product = findProduct(req.body?.product);
      if (!product)
        throw new ValidationError('invalid_field', 'Name a product from the catalogue.', {
          details: { field: 'product' },
        });
      const order = await orders.open(product);
      return {
        amount: product.price,
        currency: 'KES',
        reference: order.reference,
        description: product.name,
      };
    },
    ...(options.tokenSecret ? { tokens: { secret: options.tokenSecret } } : {}),
    reconcile: { firstQueryAfterMs: options.firstQueryAfterMs },
    hooks: {
      onPaymentFinal: async ({ payment }) => {
        const current = await orders.get(payment.reference);
        if (!current) return;
        const order =
          (await orders.update(payment.reference, orderChangesFor(current, payment))) ?? current;
        log(
          `order ${order.reference}: ${payment.status}${payment.reason ? ` (${payment.reason})` : ''} via ${payment.provider}${payment.phone ? ` from ${payment.phone}` : ''}`,
        );
      },
      onPaymentReview: async ({ payment, review }) => {
        const current = await orders.get(payment.reference);
        if (!current) return;
        // Never shipped on a review: a person decides (a refund, or accepting the money).
        await orders.update(payment.reference, {
          ...(current.status === 'paid' ? {} : { status: 'needs_review' as const }),
          note: reviewNotes[review],
        });
        log(`order ${payment.reference}: needs review (${review})`);
      },
    },
  });
}

/** What a final payment means for its order (review cases have their own hook). */
function orderChangesFor(order: Order, payment: PaymentFinalEvent['payment']): OrderChanges {
  if (payment.status === 'completed') {
    return { status: 'paid', ...(payment.receipt ? { receipt: payment.receipt } : {}) };
  }
  return order.status === 'paid' || order.status === 'needs_review'
    ? {}
    : { status: 'payment_failed' };
}
