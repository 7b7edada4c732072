/**
 * The merchant's own order book: Lipwa's hook marks orders paid, failed or under review. Orders
 * are kept in `orders.json` beside the payments (the kit's data directory), so a payment that
 * completes after a restart still finds its order. Each change is written to a temporary file,
 * flushed and renamed over the old one: a crash leaves the old book or the new one, never half.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Product } from './catalogue.js';

export type OrderStatus = 'awaiting_payment' | 'paid' | 'payment_failed' | 'needs_review';

export interface Order {
  readonly reference: string;
  readonly product: Product;
  readonly status: OrderStatus;
  readonly receipt?: string;
  readonly note?: string;
  /** Verified webhook requests received for this order, repeats of one `webhook-id` included. */
  readonly webhooksReceived?: number;
  /** The `webhook-id`s already applied: a repeat is counted but changes nothing. */
  readonly webhookIds?: readonly string[];
}

/** The checkout session shown for an order: a reload shows the same one, so the widget resumes. */
export interface Checkout {
  readonly token: string;
  readonly expiresAt: number;
}

export type OrderChanges = Partial<Pick<Order, 'status' | 'receipt' | 'note'>>;

/** What `recordWebhook` did: applied a new webhook, counted a repeat, or found no such order. */
export type WebhookOutcome = 'applied' | 'repeat' | 'unknown_order';

export interface OrderBook {
  /** Opens an order for `product`; resolves once it is saved. */
  open(product: Product): Promise<Order>;
  /** Async: an order book in a database (see postgres-orders.ts) is shared by several shops. */
  get(reference: string): Promise<Order | undefined>;
  /** Applies `changes` to an order and saves it; `undefined` for an unknown reference. */
  update(reference: string, changes: OrderChanges): Promise<Order | undefined>;
  /**
   * Counts a verified webhook request for an order and, the first time its `webhookId` is seen,
   * applies the changes `changesFor` derives from the order as it then is (one step, so two
   * deliveries racing cannot both apply).
   */
  recordWebhook(
    reference: string,
    webhookId: string,
    changesFor: (order: Order) => OrderChanges,
  ): Promise<WebhookOutcome>;
  /**
   * Checkout sessions are kept in memory only: their tokens are short-lived secrets, and a
   * restarted shop simply opens a new session for the same order (the kit resumes its payment).
   */
  checkout(reference: string): Checkout | undefined;
  setCheckout(reference: string, checkout: Checkout): void;
}

const FILE_NAME = 'orders.json';
// It names what people bought and their receipts: only the shop's own user reads it.
const FILE_MODE = 0o600;

const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  blurb: z.string(),
  price: z.number().int().positive(),
});
const orderSchema = z.object({
  reference: z.string().min(1),
  product: productSchema,
  status: z.enum(['awaiting_payment', 'paid', 'payment_failed', 'needs_review']),
  receipt: z.string().optional(),
  note: z.string().optional(),
  webhooksReceived: z.number().int().nonnegative().optional(),
  webhookIds: z.array(z.string()).optional(),
});
const bookSchema = z.object({ orders: z.array(orderSchema) });

async function load(path: string): Promise<Map<string, Order>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`The shop's order book ${path} is damaged: it is not JSON.`, { cause });
  }
  const parsed = bookSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The shop's order book ${path} is damaged: ${parsed.error.message}`);
  }
  return new Map(parsed.data.orders.map((order) => [order.reference, order as Order]));
}

/** A new unpaid order for `product`; order books differ only in where they keep it. */
export function newOrder(product: Product): Order {
  // Daraja shows at most 12 alphanumerics as the account reference: keep references that short.
  const reference = `LW${randomBytes(5).toString('hex').toUpperCase()}`;
  return { reference, product, status: 'awaiting_payment' };
}

/**
 * An order after one more verified webhook request: counted always, its changes applied only the
 * first time its `webhookId` is seen.
 */
export function withWebhook(
  current: Order,
  webhookId: string,
  changesFor: (order: Order) => OrderChanges,
): { order: Order; outcome: Exclude<WebhookOutcome, 'unknown_order'> } {
  const seen = current.webhookIds ?? [];
  const repeat = seen.includes(webhookId);
  return {
    order: {
      ...current,
      ...(repeat ? {} : changesFor(current)),
      webhooksReceived: (current.webhooksReceived ?? 0) + 1,
      webhookIds: repeat ? seen : [...seen, webhookId],
    },
    outcome: repeat ? 'repeat' : 'applied',
  };
}

async function save(path: string, orders: ReadonlyMap<string, Order>): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w', FILE_MODE);
  try {
    await handle.writeFile(JSON.stringify({ orders: [...orders.values()] }));
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Opens the order book kept in `directory` (the kit's data directory), or one in memory only
 * when no directory is given.
 */
export async function openOrderBook(directory?: string): Promise<OrderBook> {
  const path = directory === undefined ? undefined : join(directory, FILE_NAME);
  const orders = path === undefined ? new Map<string, Order>() : await load(path);
  const checkouts = new Map<string, Checkout>();
  // Saves run one at a time, each writing the whole book as it then is.
  let chain: Promise<unknown> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (path === undefined) return Promise.resolve();
    const run = chain.then(() => save(path, orders));
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    async open(product) {
      const order = newOrder(product);
      orders.set(order.reference, order);
      await persist();
      return order;
    },
    get: async (reference) => orders.get(reference),
    async update(reference, changes) {
      const current = orders.get(reference);
      if (!current) return undefined;
      const next: Order = { ...current, ...changes };
      orders.set(reference, next);
      await persist();
      return next;
    },
    async recordWebhook(reference, webhookId, changesFor) {
      const current = orders.get(reference);
      if (!current) return 'unknown_order';
      const { order, outcome } = withWebhook(current, webhookId, changesFor);
      orders.set(reference, order);
      await persist();
      return outcome;
    },
    checkout: (reference) => checkouts.get(reference),
    setCheckout(reference, checkout) {
      checkouts.set(reference, checkout);
    },
  };
}
