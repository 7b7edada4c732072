import type { PaymentOutcome } from './payment-outcome.js';

export interface OrderStatusProps {
  readonly outcome: PaymentOutcome | undefined;
}

/** The page's own account of the order, outside the widget, fed by its events. */
export function OrderStatus({ outcome }: OrderStatusProps) {
  return (
    <section className="order-status" aria-label="Order status" aria-live="polite">
      {outcome?.kind === 'paid' && (
        <p className="paid">
          Thank you! Receipt <strong data-testid="receipt">{outcome.receipt}</strong> for order{' '}
          {outcome.reference}.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p className="failed">
          Order {outcome.reference} is not paid yet: {outcome.message}
        </p>
      )}
    </section>
  );
}
