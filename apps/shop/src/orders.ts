/** The merchant's own order book: Lipwa's hook marks orders paid, failed or under review. */
import { randomBytes } from 'node:crypto';
import type { Product } from './catalogue.js';

export type OrderStatus = 'awaiting_payment' | 'paid' | 'payment_failed' | 'needs_review';

export interface Order {
  readonly reference: string;
  readonly product: Product;
  status: OrderStatus;
  /** The checkout session for this order: a reload shows the same one, so the widget resumes. */
  checkout?: { readonly token: string; readonly expiresAt: number };
  receipt?: string;
  note?: string;
}

export function createOrderBook() {
  const orders = new Map<string, Order>();
  return {
    open(product: Product): Order {
      // Daraja shows at most 12 alphanumerics as the account reference: keep references that short.
      const reference = `LW${randomBytes(5).toString('hex').toUpperCase()}`;
      const order: Order = { reference, product, status: 'awaiting_payment' };
      orders.set(reference, order);
      return order;
    },
    get(reference: string): Order | undefined {
      return orders.get(reference);
    },
  };
}
export type OrderBook = ReturnType<typeof createOrderBook>;
