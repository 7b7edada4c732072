import type { LipwaFailureEvent, LipwaSuccessEvent } from '@lipwa/checkout';
import { useState } from 'react';
import { formatPrice, type Product } from './catalogue.js';
import { OrderStatus } from './order-status.js';
import { failedOutcome, type PaymentOutcome, paidOutcome } from './payment-outcome.js';

export interface CheckoutPanelProps {
  readonly product: Product;
  readonly token: string;
  readonly apiBase: string;
  readonly onBack: () => void;
}

/**
 * The widget for one session. React 19 sets `session` as a property, `api-base` as an
 * attribute, and turns `onlipwa-*` props into listeners for the `lipwa-*` DOM events.
 */
export function CheckoutPanel({ product, token, apiBase, onBack }: CheckoutPanelProps) {
  const [outcome, setOutcome] = useState<PaymentOutcome | undefined>(undefined);
  const paid = outcome?.kind === 'paid';

  return (
    <section className="checkout" aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">
        Checkout: {product.name}, {formatPrice(product.price)}
      </h2>
      <lipwa-checkout
        session={token}
        api-base={apiBase}
        onlipwa-started={() => setOutcome(undefined)}
        onlipwa-success={(event: LipwaSuccessEvent) => setOutcome(paidOutcome(event.detail))}
        onlipwa-failure={(event: LipwaFailureEvent) => setOutcome(failedOutcome(event.detail))}
      />
      <OrderStatus outcome={outcome} />
      <button type="button" onClick={onBack}>
        {paid ? 'Keep shopping' : 'Back to products'}
      </button>
    </section>
  );
}
